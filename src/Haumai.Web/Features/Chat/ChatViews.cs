namespace Haumai.Web.Features.Chat;

/// <summary>What the widget and the console receive: plain values, text never HTML.</summary>
public static class ChatViews
{
    public sealed record MessageView(long Id, long ConversationId, string Sender, string? AuthorName, string Body, string? ClientId, DateTime CreatedAt,
        long? AttachmentId, string? AttachmentName);

    public static MessageView Message(ChatMessage m, string? authorName, string? attachmentName = null) =>
        new(m.Id, m.ConversationId, m.Sender.ToString().ToLowerInvariant(), authorName, m.Body, m.ClientId, DateTime.SpecifyKind(m.CreatedAt, DateTimeKind.Utc),
            m.AttachmentId, attachmentName);
}
