using Haumai.Web.Data;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Workspace;

/// <summary>
/// Everything the agent's ticket page shows: the ticket as the API reads it for staff (conversation
/// with internal notes, history, SLA clocks, ETA), the lists its side panel offers, the canned
/// responses with their placeholders filled in, and the customer's context: organization, plan,
/// contract and their other open tickets. A ticket the agent may not see is null (a 404).
/// </summary>
public static class ShowTicket
{
    public const int OtherTicketsShown = 10;

    public sealed record ContractInfo(string Number, DateOnly StartsOn, DateOnly? EndsOn, bool InForce);

    public sealed record OrganizationInfo(int Id, string Name, Plan Plan, ContractInfo? Contract);

    public sealed record OtherTicket(long Id, string Subject, TicketStatus Status, Priority Priority, DateTime UpdatedAt);

    /// <summary>A canned response ready to insert: its body already has this ticket's names in it.</summary>
    public sealed record CannedOption(int Id, string Title, string Body);

    public sealed record View(
        TicketResponse Ticket,
        string? CategoryName,
        string? TeamName,
        IReadOnlySet<int> StaffAuthors,
        IReadOnlyList<NamedRef> Teams,
        IReadOnlyList<NamedRef> Assignees,
        OrganizationInfo? Organization,
        IReadOnlyList<OtherTicket> OtherOpenTickets,
        IReadOnlyList<CannedOption> CannedResponses,
        IReadOnlyList<HistoryEntry> History);

    public sealed class Handler(HaumaiDb db, TicketAccess access, TicketReader reader, CurrentUser user, WorkspaceDirectory directory, TimeProvider clock)
    {
        public async Task<View?> HandleAsync(long id, CancellationToken ct)
        {
            var visible = await access.VisibleAsync(ct);
            var ticket = await reader.ReadAsync(visible, id, asStaff: true, ct);
            if (ticket is null)
            {
                return null;
            }

            var teams = await directory.TeamsAsync(ct);
            var teamNames = teams.ToDictionary(t => t.Id, t => t.Name);
            var assignees = ticket.TeamId is { } teamId ? await directory.MembersAsync(teamId, ct) : await directory.StaffAsync(ct);
            if (ticket.Assignee is { } current && assignees.All(a => a.Id != current.Id))
            {
                // Assigned outside the team: still shown as chosen, so saving the panel does not unassign by accident.
                assignees = [.. assignees, new NamedRef(current.Id, current.Name)];
            }

            var events = ticket.Events ?? [];
            var peopleIds = events.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value)
                .Concat(events.SelectMany(TicketHistory.PeopleIn))
                .Concat(ticket.Messages.Select(m => m.Author.Id))
                .Distinct().ToList();
            var people = await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Name, u.Role }).ToListAsync(ct);
            var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == HaumaiCulture.English;
            var categories = await db.Categories.AsNoTracking()
                .Select(c => new { c.Id, c.Slug, Name = english ? c.NameEn : c.Name }).ToListAsync(ct);
            var history = TicketHistory.Describe(events, new TicketHistory.Names(
                people.ToDictionary(p => p.Id, p => p.Name), teamNames, categories.ToDictionary(c => c.Id, c => c.Name)));
            var categoryName = categories.FirstOrDefault(c => c.Slug == ticket.Category)?.Name;

            var requesterId = ticket.Requester.Id;
            var others = await visible.AsNoTracking()
                .Where(t => t.RequesterId == requesterId && t.IsOpen && t.Id != id)
                .OrderByDescending(t => t.Id)
                .Take(OtherTicketsShown)
                .Select(t => new OtherTicket(t.Id, t.Subject, t.Status, t.Priority, t.UpdatedAt))
                .ToListAsync(ct);

            var ticketTeam = ticket.TeamId;
            var canned = (await db.CannedResponses.AsNoTracking()
                    .Where(c => c.TeamId == null || c.TeamId == ticketTeam)
                    .OrderBy(c => c.Title)
                    .Select(c => new { c.Id, c.Title, c.Body })
                    .ToListAsync(ct))
                .Select(c => new CannedOption(c.Id, c.Title,
                    CannedResponse.Render(c.Body, ticket.Requester.Name, ticket.Number, ticket.Subject, user.Name)))
                .ToList();

            return new View(
                ticket,
                categoryName,
                ticket.TeamId is { } tid ? teamNames.GetValueOrDefault(tid) : null,
                people.Where(p => p.Role != Role.Customer).Select(p => p.Id).ToHashSet(),
                teams,
                assignees,
                await OrganizationAsync(ticket.Organization?.Id, ct),
                others,
                canned,
                history);
        }

        private async Task<OrganizationInfo?> OrganizationAsync(int? id, CancellationToken ct)
        {
            if (id is null)
            {
                return null;
            }
            var org = await db.Organizations.AsNoTracking().Include(o => o.Contract).FirstOrDefaultAsync(o => o.Id == id, ct);
            if (org is null)
            {
                return null;
            }
            // Contracts are dated in Vietnam: "in force today" is a Vietnamese today.
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, HaumaiCulture.FindZone(HaumaiCulture.DefaultTimeZone)));
            var contract = org.Contract is { } c ? new ContractInfo(c.Number, c.StartsOn, c.EndsOn, c.IsActiveOn(today)) : null;
            return new OrganizationInfo(org.Id, org.Name, org.Plan, contract);
        }
    }
}
