using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>Invitations, newest first: all of them for an admin, or one organization's.</summary>
public static class ListInvitations
{
    public const int Limit = 200;

    public sealed record Row(int Id, int OrganizationId, string OrganizationName, string Email, bool AsOrgAdmin,
        InvitationState State, DateTime CreatedAt, DateTime ExpiresAt, DateTime? AcceptedAt, string CreatedByName);

    public sealed class Handler(HaumaiDb db, TimeProvider clock)
    {
        /// <param name="organizationId">One organization's, or null for every organization's (admins only: the page decides).</param>
        public async Task<IReadOnlyList<Row>> HandleAsync(int? organizationId, CancellationToken ct)
        {
            var q = db.Set<Invitation>().AsNoTracking();
            if (organizationId is { } org)
            {
                q = q.Where(i => i.OrganizationId == org);
            }
            var rows = await q.OrderByDescending(i => i.Id).Take(Limit)
                .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { i, OrganizationName = o.Name })
                .Join(db.Users, x => x.i.CreatedById, u => u.Id, (x, u) => new { x.i, x.OrganizationName, CreatedByName = u.Name })
                .OrderByDescending(x => x.i.Id)
                .ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            return rows.Select(x => new Row(x.i.Id, x.i.OrganizationId, x.OrganizationName, x.i.Email, x.i.AsOrgAdmin,
                x.i.StateAt(now), x.i.CreatedAt, x.i.ExpiresAt, x.i.AcceptedAt, x.CreatedByName)).ToList();
        }
    }
}
