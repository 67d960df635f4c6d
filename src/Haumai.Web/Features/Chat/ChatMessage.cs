using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Chat;

public enum ChatSender
{
    Visitor,
    Agent,

    /// <summary>Haumai itself: "Lan joined", "transferred to Sales", "the chat became ticket #10042".</summary>
    System,
}

/// <summary>
/// C1: one line of a chat, stored before either side is told it was sent. A client's own id for
/// the message (<see cref="ClientId"/>) makes a resend after a lost connection a no-op rather than a
/// second copy. Text only: nothing a visitor writes is ever rendered as HTML.
/// </summary>
public sealed class ChatMessage
{
    public const int MaxClientIdLength = 64;

    private ChatMessage() { }

    public ChatMessage(long conversationId, ChatSender sender, int? authorId, string body, string? clientId, DateTime now, long? attachmentId = null)
    {
        ConversationId = conversationId;
        Sender = sender;
        AuthorId = authorId;
        Body = body;
        ClientId = clientId;
        CreatedAt = now;
        AttachmentId = attachmentId;
    }

    public long Id { get; private set; }
    public long ConversationId { get; private set; }
    public ChatSender Sender { get; private set; }

    /// <summary>The agent who wrote it; null for the visitor and the system.</summary>
    public int? AuthorId { get; private set; }

    public string Body { get; private set; } = "";
    public string? ClientId { get; private set; }
    public long? AttachmentId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.ToTable("chat_messages");
        b.Property(m => m.Sender).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.Property(m => m.ClientId).HasMaxLength(ChatMessage.MaxClientIdLength);
        b.HasIndex(m => new { m.ConversationId, m.Id });
        b.HasIndex(m => new { m.ConversationId, m.ClientId }).IsUnique();
        b.HasOne<ChatConversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Identity.User>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Tickets.TicketAttachment>().WithMany().HasForeignKey(m => m.AttachmentId).OnDelete(DeleteBehavior.SetNull);
    }
}
