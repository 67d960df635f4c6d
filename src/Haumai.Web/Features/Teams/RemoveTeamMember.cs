using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Teams;

/// <summary>
/// An admin takes someone out of a team. Tickets already assigned to them stay assigned: the team
/// reassigns them from the queue.
/// </summary>
public static class RemoveTeamMember
{
    public sealed class Handler(HaumaiDb db)
    {
        /// <returns>False when there is no such team.</returns>
        public async Task<bool> HandleAsync(int teamId, int userId, CancellationToken ct)
        {
            var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null)
            {
                return false;
            }
            team.RemoveMember(userId);
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
