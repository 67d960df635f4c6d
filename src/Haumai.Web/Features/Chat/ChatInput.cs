using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>What both sides' messages go through: the text's limits, and the client's id that makes a resend harmless.</summary>
public static class ChatInput
{
    public static string Body(string? text, int max)
    {
        var body = (text ?? "").Replace("\r\n", "\n").Trim();
        if (body.Length == 0)
        {
            throw new ChatRefusal("empty", "The message is empty.");
        }
        if (body.Length > max)
        {
            throw new ChatRefusal("too-long", $"A message is at most {max} characters.");
        }
        return body;
    }

    public static string? ClientId(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId) ? null : clientId.Length > ChatMessage.MaxClientIdLength ? clientId[..ChatMessage.MaxClientIdLength] : clientId;

    /// <summary>The message a client already sent with this id (its answer was lost with the connection), or null.</summary>
    public static async Task<VisitorChat.Sent?> AlreadySentAsync(HaumaiDb db, long conversationId, string? clientId, CancellationToken ct) =>
        clientId is null ? null
        : await db.Set<ChatMessage>().AsNoTracking().Where(m => m.ConversationId == conversationId && m.ClientId == clientId)
            .Select(m => new VisitorChat.Sent(m.Id, m.CreatedAt)).FirstOrDefaultAsync(ct);
}
