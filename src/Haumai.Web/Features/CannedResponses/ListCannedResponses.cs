using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.CannedResponses;

/// <summary>
/// T8: the canned responses a staff member may use: an agent sees the global ones and those of
/// their teams; an admin sees all. The ticket page asks for one team's (plus the global ones).
/// </summary>
public static class ListCannedResponses
{
    public sealed record Item(int Id, string Title, string Body, int? TeamId, string? TeamName, DateTime CreatedAt, DateTime UpdatedAt);

    public sealed class Handler(HaumaiDb db, CurrentUser user)
    {
        /// <param name="teamId">Only the global responses and this team's (still within what the user may see).</param>
        public async Task<IReadOnlyList<Item>> HandleAsync(int? teamId, CancellationToken ct)
        {
            var responses = await VisibleAsync(ct);
            if (teamId is { } team)
            {
                responses = responses.Where(r => r.TeamId == null || r.TeamId == team);
            }
            return await Project(responses.OrderBy(r => r.Title).ThenBy(r => r.Id)).ToListAsync(ct);
        }

        /// <summary>One response, or null when it does not exist or is another team's (the same to the caller).</summary>
        public async Task<Item?> FindAsync(int id, CancellationToken ct) =>
            await Project((await VisibleAsync(ct)).Where(r => r.Id == id)).FirstOrDefaultAsync(ct);

        private async Task<IQueryable<CannedResponse>> VisibleAsync(CancellationToken ct)
        {
            var all = db.CannedResponses.AsNoTracking();
            if (user.IsAdmin)
            {
                return all;
            }
            var teams = await user.TeamIdsAsync(ct);
            return all.Where(r => r.TeamId == null || teams.Contains(r.TeamId.Value));
        }

        private IQueryable<Item> Project(IQueryable<CannedResponse> responses) =>
            from r in responses
            join t in db.Teams on r.TeamId equals t.Id into team
            from t in team.DefaultIfEmpty()
            select new Item(r.Id, r.Title, r.Body, r.TeamId, t == null ? null : t.Name, r.CreatedAt, r.UpdatedAt);
    }
}
