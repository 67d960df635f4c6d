using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>A conversation's messages as both sides show them, with the agents' names and file names.</summary>
public static class ChatHistory
{
    public const int MaxMessages = 500;

    public static async Task<IReadOnlyList<ChatViews.MessageView>> ReadAsync(HaumaiDb db, long conversationId, CancellationToken ct)
    {
        var rows = await db.Set<ChatMessage>().AsNoTracking().Where(m => m.ConversationId == conversationId)
            .OrderByDescending(m => m.Id).Take(MaxMessages)
            .Select(m => new
            {
                Message = m,
                Author = m.AuthorId == null ? null : db.Users.Where(u => u.Id == m.AuthorId).Select(u => u.Name).FirstOrDefault(),
                File = m.AttachmentId == null ? null : db.TicketAttachments.Where(a => a.Id == m.AttachmentId).Select(a => a.FileName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var visitor = await db.Set<ChatConversation>().AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.VisitorName).FirstOrDefaultAsync(ct);
        return rows.OrderBy(r => r.Message.Id)
            .Select(r => ChatViews.Message(r.Message, r.Message.Sender == ChatSender.Visitor ? visitor : r.Author, r.File)).ToList();
    }
}
