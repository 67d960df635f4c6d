using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// T9 "my tickets": a customer's own tickets, an org admin's the whole organization's (who sees
/// what is <see cref="TicketAccess"/>'s call), newest first. Pages go back by id ("older than
/// #10234"), which the (requester, id) and (organization, id) indexes serve directly.
/// </summary>
public static class ListMyTickets
{
    public const int PageSize = 50;

    public enum Show { Open, Solved, All }

    public sealed record Row(long Id, string Number, string Subject, TicketStatus Status, Priority Priority,
        DateTime CreatedAt, DateTime UpdatedAt, string? TeamName, int RequesterId, string RequesterName);

    /// <param name="OlderThan">The id to ask for next (the page's last), or null on the last page.</param>
    /// <param name="OrganizationWide">The rows are the organization's, not only the reader's own.</param>
    public sealed record Result(IReadOnlyList<Row> Rows, long? OlderThan, bool OrganizationWide);

    public sealed class Handler(HaumaiDb db, TicketAccess access, CurrentUser user)
    {
        public async Task<Result> HandleAsync(Show show, long? olderThan, CancellationToken ct)
        {
            var q = (await access.VisibleAsync(ct)).AsNoTracking();
            q = show switch
            {
                Show.Open => q.Where(t => t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed),
                Show.Solved => q.Where(t => t.Status == TicketStatus.Solved || t.Status == TicketStatus.Closed),
                _ => q,
            };
            if (olderThan is { } before)
            {
                q = q.Where(t => t.Id < before);
            }
            var tickets = await q.OrderByDescending(t => t.Id).Take(PageSize + 1)
                .Select(t => new { t.Id, t.Subject, t.Status, t.Priority, t.CreatedAt, t.UpdatedAt, t.TeamId, t.RequesterId })
                .ToListAsync(ct);
            var more = tickets.Count > PageSize;
            if (more)
            {
                tickets.RemoveAt(tickets.Count - 1);
            }

            // Names in two small lookups by primary key rather than a join per row.
            var teamIds = tickets.Where(t => t.TeamId != null).Select(t => t.TeamId!.Value).Distinct().ToList();
            var teams = teamIds.Count == 0 ? [] : await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id))
                .ToDictionaryAsync(t => t.Id, t => t.Name, ct);
            var requesterIds = tickets.Select(t => t.RequesterId).Distinct().ToList();
            var requesters = requesterIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => requesterIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.Name, ct);

            var rows = tickets.Select(t => new Row(t.Id, Ticket.FormatNumber(t.Id), t.Subject, t.Status, t.Priority, t.CreatedAt, t.UpdatedAt,
                t.TeamId is { } team ? teams.GetValueOrDefault(team) : null,
                t.RequesterId, requesters.GetValueOrDefault(t.RequesterId) ?? "")).ToList();
            return new Result(rows, more ? rows[^1].Id : null, user.IsOrgAdmin);
        }
    }
}
