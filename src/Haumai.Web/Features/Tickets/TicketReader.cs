using Haumai.Web.Data;
using Haumai.Web.Features.Sla;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// Builds the API's view of one ticket: the conversation, and for staff the history. People,
/// organization and category are looked up by primary key after the ticket's own rows are read:
/// a correlated "First()" per person makes EF join whole tables (it scans <c>users</c>).
/// The SLA clocks and the ETA are shown to everyone who may see the ticket: the portal shows them too.
/// </summary>
public sealed class TicketReader(HaumaiDb db, TicketSla sla, Eta.TicketEta eta)
{
    public async Task<TicketResponse?> ReadAsync(IQueryable<Ticket> visible, long id, bool asStaff, CancellationToken ct)
    {
        var ticket = await visible.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return null;
        }
        var tags = await db.TicketTags.AsNoTracking().Where(t => t.TicketId == id).Select(t => t.Name).ToListAsync(ct);
        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == id && (asStaff || !m.IsInternal))
            .Include(m => m.Attachments)
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
        var events = asStaff
            ? await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.Id).ToListAsync(ct)
            : null;
        return await ComposeAsync(ticket, tags, messages, events, ct);
    }

    /// <summary>
    /// The view of a ticket just saved in this request, from the entity in memory: its messages,
    /// events and tags are all there, so only names need reading.
    /// </summary>
    /// <param name="known">People the caller already has (the requester, the author), so they are not read again.</param>
    public Task<TicketResponse> FromSavedAsync(Ticket ticket, bool asStaff, IEnumerable<PersonRef> known, OrganizationRef? organization, string? categorySlug, CancellationToken ct) =>
        ComposeAsync(
            ticket,
            ticket.Tags.Select(t => t.Name).ToList(),
            ticket.Messages.Where(m => asStaff || !m.IsInternal).OrderBy(m => m.Id).ToList(),
            asStaff ? ticket.Events.OrderBy(e => e.Id).ToList() : null,
            ct,
            new Known(known.DistinctBy(p => p.Id).ToDictionary(p => p.Id), organization, categorySlug));

    private sealed record Known(Dictionary<int, PersonRef> People, OrganizationRef? Organization, string? CategorySlug);

    private async Task<TicketResponse> ComposeAsync(Ticket t, List<string> tags, List<TicketMessage> messages, List<TicketEvent>? events, CancellationToken ct, Known? known = null)
    {
        var userIds = messages.Select(m => m.AuthorId).Append(t.RequesterId);
        if (t.AssigneeId is { } assignee)
        {
            userIds = userIds.Append(assignee);
        }
        var people = known?.People ?? [];
        var missing = userIds.Where(id => !people.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (id, person) in await PeopleAsync(missing, ct))
            {
                people[id] = person;
            }
        }
        var organization = known is not null ? known.Organization
            : t.OrganizationId is { } orgId
                ? await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => new OrganizationRef(o.Id, o.Name, o.Plan)).FirstOrDefaultAsync(ct)
                : null;
        var category = known is not null ? known.CategorySlug
            : t.CategoryId is { } categoryId
                ? await db.Categories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Slug).FirstOrDefaultAsync(ct)
                : null;
        return new TicketResponse(
            t.Id, t.Number, t.Subject, t.Status, t.Priority, category, t.Channel, people[t.RequesterId], organization,
            t.AssigneeId is { } a ? people[a] : null, t.TeamId, tags.Order(StringComparer.Ordinal).ToList(),
            t.CreatedAt, t.UpdatedAt, t.SolvedAt, t.ClosedAt, t.Version,
            messages.Select(m => new MessageResponse(m.Id, people[m.AuthorId], m.Body, m.IsInternal, m.CreatedAt,
                m.Attachments.OrderBy(x => x.Id).Select(Attachment).ToList(), m.BodyHtml)).ToList(),
            events?.Select(e => new EventResponse(e.Id, e.Type, e.ActorId, e.Data, e.CreatedAt)).ToList(),
            await sla.ForTicketAsync(t, ct),
            await eta.ForTicketAsync(t, ct),
            t.FollowUpOfId);
    }

    /// <summary>Names and emails of people, by id, in one primary-key lookup.</summary>
    public async Task<Dictionary<int, PersonRef>> PeopleAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => distinct.Contains(u.Id))
            .Select(u => new PersonRef(u.Id, u.Name, u.Email))
            .ToDictionaryAsync(p => p.Id, ct);
    }

    public static AttachmentResponse Attachment(TicketAttachment a) =>
        new(a.Id, a.FileName, a.ContentType, a.Length, a.MessageId, a.CreatedAt, $"/api/v1/attachments/{a.Id}", a.ContentId);
}
