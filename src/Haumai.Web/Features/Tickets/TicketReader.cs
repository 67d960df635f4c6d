using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>Builds the API's view of one ticket: the conversation, and for staff the history.</summary>
public sealed class TicketReader(HaumaiDb db)
{
    public async Task<TicketResponse?> ReadAsync(IQueryable<Ticket> visible, long id, bool asStaff, CancellationToken ct)
    {
        var head = await visible.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new
            {
                Ticket = t,
                Category = db.Categories.Where(c => c.Id == t.CategoryId).Select(c => c.Slug).FirstOrDefault(),
                Requester = db.Users.Where(u => u.Id == t.RequesterId).Select(u => new PersonRef(u.Id, u.Name, u.Email)).First(),
                Assignee = db.Users.Where(u => u.Id == t.AssigneeId).Select(u => new PersonRef(u.Id, u.Name, u.Email)).FirstOrDefault(),
                Organization = db.Organizations.Where(o => o.Id == t.OrganizationId).Select(o => new OrganizationRef(o.Id, o.Name, o.Plan)).FirstOrDefault(),
                Tags = t.Tags.Select(x => x.Name).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }
        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == id && (asStaff || !m.IsInternal))
            .OrderBy(m => m.Id)
            .Select(m => new
            {
                m.Id,
                Author = db.Users.Where(u => u.Id == m.AuthorId).Select(u => new PersonRef(u.Id, u.Name, u.Email)).First(),
                m.Body,
                m.IsInternal,
                m.CreatedAt,
                Attachments = m.Attachments.OrderBy(a => a.Id).Select(a => new { a.Id, a.FileName, a.ContentType, a.Length, a.MessageId, a.CreatedAt }).ToList(),
            })
            .ToListAsync(ct);
        List<EventResponse>? events = null;
        if (asStaff)
        {
            events = await db.TicketEvents.AsNoTracking()
                .Where(e => e.TicketId == id)
                .OrderBy(e => e.Id)
                .Select(e => new EventResponse(e.Id, e.Type, e.ActorId, e.Data, e.CreatedAt))
                .ToListAsync(ct);
        }
        var t = head.Ticket;
        return new TicketResponse(
            t.Id, t.Number, t.Subject, t.Status, t.Priority, head.Category, t.Channel, head.Requester, head.Organization,
            head.Assignee, t.TeamId, head.Tags.Order(StringComparer.Ordinal).ToList(), t.CreatedAt, t.UpdatedAt, t.SolvedAt, t.ClosedAt, t.Version,
            messages.Select(m => new MessageResponse(m.Id, m.Author, m.Body, m.IsInternal, m.CreatedAt,
                m.Attachments.Select(a => Attachment(a.Id, a.FileName, a.ContentType, a.Length, a.MessageId, a.CreatedAt)).ToList())).ToList(),
            events);
    }

    public static AttachmentResponse Attachment(long id, string fileName, string contentType, long length, long? messageId, DateTime createdAt) =>
        new(id, fileName, contentType, length, messageId, createdAt, $"/api/v1/attachments/{id}");

    public static AttachmentResponse Attachment(TicketAttachment a) =>
        Attachment(a.Id, a.FileName, a.ContentType, a.Length, a.MessageId, a.CreatedAt);
}
