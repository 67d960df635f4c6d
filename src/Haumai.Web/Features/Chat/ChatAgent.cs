using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Chat;

public enum ChatPresence
{
    Offline,
    Away,
    Online,
}

/// <summary>
/// C2: an agent's chat availability: the status they set and how many chats they take at once.
/// <see cref="Presence"/> is what the agent chose; whether they are really there is whether a console
/// of theirs is connected, counted in <see cref="Connections"/> (in the database, so that every node
/// sees it; a node that dies leaves its count behind until <see cref="SeenAt"/> grows old).
/// </summary>
public sealed class ChatAgent
{
    public const int DefaultMaxChats = 3;

    private ChatAgent() { }

    public ChatAgent(int userId, DateTime now)
    {
        UserId = userId;
        Presence = ChatPresence.Offline;
        MaxChats = DefaultMaxChats;
        SeenAt = now;
    }

    public int UserId { get; private set; }
    public ChatPresence Presence { get; private set; }
    public int MaxChats { get; private set; }
    public int Connections { get; private set; }
    public DateTime SeenAt { get; private set; }

    public void Set(ChatPresence presence, DateTime now)
    {
        Presence = presence;
        SeenAt = now;
    }

    public void SetMaxChats(int max) => MaxChats = Math.Clamp(max, 1, 20);

    public void Connected(DateTime now)
    {
        Connections++;
        SeenAt = now;
    }

    public void Disconnected(DateTime now)
    {
        Connections = Math.Max(0, Connections - 1);
        SeenAt = now;
    }
}

internal sealed class ChatAgentConfiguration : IEntityTypeConfiguration<ChatAgent>
{
    public void Configure(EntityTypeBuilder<ChatAgent> b)
    {
        b.ToTable("chat_agents");
        b.HasKey(a => a.UserId);
        b.Property(a => a.UserId).ValueGeneratedNever();
        b.Property(a => a.Presence).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Identity.User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
