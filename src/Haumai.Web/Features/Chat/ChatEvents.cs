using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>The lines Haumai writes into a chat itself, stored like any message so both sides and the transcript show them.</summary>
public static class ChatEvents
{
    /// <summary>A line in the visitor's language (the widget's page language, kept on the conversation); agents read both.</summary>
    public static async Task<ChatMessage> SystemAsync(HaumaiDb db, ChatNotifier notifier, long conversationId, string vietnamese, string english, DateTime now, CancellationToken ct)
    {
        var language = await db.Set<ChatConversation>().AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.Language).FirstAsync(ct);
        var text = language == "en" ? english : vietnamese;
        var message = new ChatMessage(conversationId, ChatSender.System, null, text, null, now);
        db.Set<ChatMessage>().Add(message);
        await db.SaveChangesAsync(ct);
        await notifier.ToConversationAsync(conversationId, "message", ChatViews.Message(message, null));
        return message;
    }

    public static async Task AgentJoinedAsync(HaumaiDb db, ChatNotifier notifier, long conversationId, int agentId, DateTime now, CancellationToken ct)
    {
        var name = await db.Users.AsNoTracking().Where(u => u.Id == agentId).Select(u => u.Name).FirstAsync(ct);
        await SystemAsync(db, notifier, conversationId, $"{name} đã tham gia cuộc trò chuyện", $"{name} joined the chat", now, ct);
        await notifier.ToVisitorAsync(conversationId, "agent", new { name });
    }
}
