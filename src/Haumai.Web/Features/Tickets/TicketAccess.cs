using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// D1, in one place: which tickets a person may see. Admins see all; agents their teams' tickets
/// and those assigned to them; a customer their own, an org admin their organization's. Every
/// ticket query starts from <see cref="VisibleAsync"/>, so a ticket someone may not see is simply
/// not found (404), never "forbidden": its existence is not disclosed.
/// </summary>
public sealed class TicketAccess(HaumaiDb db, CurrentUser user)
{
    public async Task<IQueryable<Ticket>> VisibleAsync(CancellationToken ct = default)
    {
        var tickets = db.Tickets.AsQueryable();
        switch (user.Role)
        {
            case Role.Admin:
                return tickets;
            case Role.Agent:
                var teams = await user.TeamIdsAsync(ct);
                var me = user.Id;
                return tickets.Where(t => (t.TeamId != null && teams.Contains(t.TeamId.Value)) || t.AssigneeId == me);
            default:
                var id = user.Id;
                if (user.IsOrgAdmin && user.OrganizationId is { } org)
                {
                    return tickets.Where(t => t.OrganizationId == org || t.RequesterId == id);
                }
                return tickets.Where(t => t.RequesterId == id);
        }
    }
}
