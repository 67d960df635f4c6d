using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// One ticket as its customer sees it in the portal: the public conversation (never internal
/// notes, nor their files), status, assigned team, ETA (T6) and the first-response promise.
/// A ticket the person may not see is not found (see <see cref="TicketAccess"/>).
/// </summary>
public static class ReadPortalTicket
{
    public sealed record View(
        TicketResponse Ticket,
        string? TeamName,
        string? CategoryName,
        IReadOnlySet<int> StaffAuthors,
        SlaClock? FirstResponse,
        bool CanReply,
        bool CanSolve);

    public sealed class Handler(HaumaiDb db, TicketAccess access, TicketReader reader)
    {
        public async Task<View?> HandleAsync(long ticketId, CancellationToken ct)
        {
            // As a customer even for staff who look here: the portal shows what customers see.
            var ticket = await reader.ReadAsync(await access.VisibleAsync(ct), ticketId, asStaff: false, ct);
            if (ticket is null)
            {
                return null;
            }
            var teamId = ticket.TeamId;
            var teamName = teamId is null ? null
                : await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct);
            string? categoryName = null;
            if (ticket.Category is { } slug)
            {
                var category = await db.Categories.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Name, c.NameEn }).FirstOrDefaultAsync(ct);
                categoryName = category is null ? null : CategoryChoices.Localized(category.Name, category.NameEn);
            }
            var authors = ticket.Messages.Select(m => m.Author.Id).Distinct().ToList();
            var staff = await db.Users.AsNoTracking().Where(u => authors.Contains(u.Id) && u.Role != Role.Customer)
                .Select(u => u.Id).ToListAsync(ct);
            var firstResponse = ticket.Sla?.Clocks.FirstOrDefault(c => c.Kind == SlaClockKind.FirstResponse);
            return new View(ticket, teamName, categoryName, staff.ToHashSet(), firstResponse,
                CanReply: ticket.Status != TicketStatus.Closed,
                CanSolve: SolveTicket.CanSolve(ticket.Status));
        }
    }
}
