using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Chat;

public enum ChatState
{
    /// <summary>In the team's queue: nobody has it yet.</summary>
    Waiting,

    /// <summary>An agent has it.</summary>
    Active,

    /// <summary>Finished by the agent or the visitor; read-only.</summary>
    Ended,
}

/// <summary>
/// C1/C2: one visitor's chat through a widget. All of its state lives here and in its messages, not
/// in a hub's memory, so that any node can serve either side (docs/adr/005). The visitor is known by
/// a secret token the widget keeps in the browser (stored here hashed): whoever holds it may read and
/// write this conversation, and nothing else.
/// </summary>
public sealed class ChatConversation
{
    public const int MaxNameLength = 200;
    public const int MaxContactLength = 320;
    public const int MaxUrlLength = 1000;

    private ChatConversation() { }

    public ChatConversation(int widgetId, int teamId, string tokenHash, string? name, string? email, string? phone, int? customerId,
        string? ip, string? origin, string? pageUrl, string language, DateTime now)
    {
        WidgetId = widgetId;
        TeamId = teamId;
        TokenHash = tokenHash;
        VisitorName = Clip(name, MaxNameLength);
        VisitorEmail = Clip(email?.ToLowerInvariant(), MaxContactLength);
        VisitorPhone = Clip(phone, 32);
        CustomerId = customerId;
        VisitorIp = Clip(ip, 64);
        Origin = Clip(origin, 200);
        PageUrl = Clip(pageUrl, MaxUrlLength);
        Language = language == "en" ? "en" : "vi";
        State = ChatState.Waiting;
        CreatedAt = now;
        LastActivityAt = now;
    }

    public long Id { get; private set; }
    public int WidgetId { get; private set; }
    public int TeamId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public string? VisitorName { get; private set; }
    public string? VisitorEmail { get; private set; }
    public string? VisitorPhone { get; private set; }

    /// <summary>The portal customer the visitor turned out to be, when the widget could tell.</summary>
    public int? CustomerId { get; private set; }

    public string? VisitorIp { get; private set; }
    public string? Origin { get; private set; }
    public string? PageUrl { get; private set; }
    public string Language { get; private set; } = "vi";
    public ChatState State { get; private set; }
    public int? AssigneeId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public DateTime LastActivityAt { get; private set; }

    /// <summary>The last message each side has seen (read state).</summary>
    public long VisitorReadUpTo { get; private set; }
    public long AgentReadUpTo { get; private set; }

    /// <summary>The ticket the chat became (C3), with its transcript.</summary>
    public long? TicketId { get; private set; }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public void Assign(int agentId, DateTime now)
    {
        AssigneeId = agentId;
        State = ChatState.Active;
        AcceptedAt ??= now;
        LastActivityAt = now;
    }

    /// <summary>To another team: back in the queue there, with nobody on it.</summary>
    public void MoveToTeam(int teamId, DateTime now)
    {
        TeamId = teamId;
        AssigneeId = null;
        State = ChatState.Waiting;
        LastActivityAt = now;
    }

    public void Touch(DateTime now) => LastActivityAt = now;

    public void End(DateTime now)
    {
        State = ChatState.Ended;
        EndedAt ??= now;
    }

    public void BecameTicket(long ticketId) => TicketId = ticketId;

    public void VisitorRead(long messageId) => VisitorReadUpTo = Math.Max(VisitorReadUpTo, messageId);

    public void AgentRead(long messageId) => AgentReadUpTo = Math.Max(AgentReadUpTo, messageId);

    private static string? Clip(string? s, int max)
    {
        s = s?.Trim();
        return string.IsNullOrEmpty(s) ? null : s.Length > max ? s[..max] : s;
    }
}

internal sealed class ChatConversationConfiguration : IEntityTypeConfiguration<ChatConversation>
{
    public void Configure(EntityTypeBuilder<ChatConversation> b)
    {
        b.ToTable("chat_conversations");
        b.Property(c => c.TokenHash).HasMaxLength(64);
        b.Property(c => c.VisitorName).HasMaxLength(ChatConversation.MaxNameLength);
        b.Property(c => c.VisitorEmail).HasMaxLength(ChatConversation.MaxContactLength);
        b.Property(c => c.VisitorPhone).HasMaxLength(32);
        b.Property(c => c.VisitorIp).HasMaxLength(64);
        b.Property(c => c.Origin).HasMaxLength(200);
        b.Property(c => c.PageUrl).HasMaxLength(ChatConversation.MaxUrlLength);
        b.Property(c => c.Language).HasMaxLength(2);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(c => c.TokenHash).IsUnique();
        // The console's queue (a team's waiting chats by arrival) and an agent's load.
        b.HasIndex(c => new { c.TeamId, c.State, c.Id });
        b.HasIndex(c => new { c.AssigneeId, c.State });
        b.HasOne<ChatWidget>().WithMany().HasForeignKey(c => c.WidgetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Teams.Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Identity.User>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Identity.User>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Tickets.Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.SetNull);
    }
}
