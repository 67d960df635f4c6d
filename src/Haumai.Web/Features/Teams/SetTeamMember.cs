using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Teams;

/// <summary>
/// An admin puts an agent (or admin) in a team, or changes whether they lead it. Leads are told
/// when the team's tickets breach their SLA (S3). Customers are never team members.
/// </summary>
public static class SetTeamMember
{
    public enum Outcome { Saved, NoSuchTeam, NotStaff }

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<Outcome> HandleAsync(int teamId, int userId, bool lead, CancellationToken ct)
        {
            var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null)
            {
                return Outcome.NoSuchTeam;
            }
            if (!await db.Users.AnyAsync(u => u.Id == userId && u.Role != Role.Customer && u.IsActive, ct))
            {
                return Outcome.NotStaff;
            }
            team.AddMember(userId, lead);
            await db.SaveChangesAsync(ct);
            return Outcome.Saved;
        }
    }
}
