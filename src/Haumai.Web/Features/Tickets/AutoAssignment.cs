using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// T7: picks the agent for a new ticket by its team's mode. Round-robin goes to the member after
/// the last one served; least-loaded to the member with the fewest open assigned tickets (ties to
/// the lowest id, so the choice is repeatable). Manual leaves the ticket unassigned.
/// </summary>
public sealed class AutoAssignment(HaumaiDb db)
{
    public async Task<int?> ChooseAsync(int teamId, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null || team.Assignment == AssignmentMode.Manual)
        {
            return null;
        }
        var agents = await db.TeamMembers
            .Where(m => m.TeamId == teamId)
            .Join(db.Users.Where(u => u.IsActive && u.Role != Role.Customer), m => m.UserId, u => u.Id, (m, u) => u.Id)
            .OrderBy(id => id)
            .ToListAsync(ct);
        if (agents.Count == 0)
        {
            return null;
        }
        if (team.Assignment == AssignmentMode.RoundRobin)
        {
            var next = agents.FirstOrDefault(id => id > (team.LastAssignedUserId ?? int.MinValue), agents[0]);
            team.RecordRoundRobin(next);
            return next;
        }
        var loads = await db.Tickets
            .Where(t => t.IsOpen && t.AssigneeId != null && agents.Contains(t.AssigneeId.Value))
            .GroupBy(t => t.AssigneeId!.Value)
            .Select(g => new { UserId = g.Key, Open = g.Count() })
            .ToDictionaryAsync(x => x.UserId, x => x.Open, ct);
        return agents.OrderBy(id => loads.GetValueOrDefault(id)).ThenBy(id => id).First();
    }
}
