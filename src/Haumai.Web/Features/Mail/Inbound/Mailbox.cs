using Haumai.Mail.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// E1: a support mailbox an admin configured, read over IMAP by <see cref="MailboxPoller"/>. Besides
/// the settings it keeps where reading got to: the folder's UIDVALIDITY and the highest UID already
/// stored, so each message is fetched once, and a changed UIDVALIDITY (the server renumbered the
/// folder) starts over without losing or doubling anything (the Message-ID check catches repeats).
/// </summary>
public sealed class Mailbox
{
    public const int MaxNameLength = 100;
    public const int MaxHostLength = 253;
    public const int MaxUserLength = 320;
    public const int MaxFolderLength = 200;
    public const int MaxErrorLength = 1000;

    private Mailbox() { }

    public Mailbox(string name, string host, int port, MailTlsMode tls, string userName, string protectedSecret, string folder,
        string? moveToFolder, int? teamId, bool isActive, DateTime now)
    {
        Update(name, host, port, tls, userName, folder, moveToFolder, teamId, isActive, now);
        ProtectedSecret = protectedSecret;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Host { get; private set; } = "";

    /// <summary>0: the usual port for <see cref="Tls"/> (993 implicit, 143 otherwise).</summary>
    public int Port { get; private set; }

    public MailTlsMode Tls { get; private set; }
    public string UserName { get; private set; } = "";

    /// <summary>The password, encrypted with ASP.NET Data Protection (keys in the data folder); never shown again.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public string Folder { get; private set; } = "INBOX";

    /// <summary>Where processed mail goes; null leaves it in <see cref="Folder"/>, marked \Seen.</summary>
    public string? MoveToFolder { get; private set; }

    /// <summary>The team that new tickets from this mailbox go to; null leaves them unassigned.</summary>
    public int? TeamId { get; private set; }

    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>Changes with every edit: the poller restarts a mailbox's connection when it moves.</summary>
    public DateTime UpdatedAt { get; private set; }

    public long? UidValidity { get; private set; }
    public long LastUid { get; private set; }
    public DateTime? LastPolledAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? LastErrorAt { get; private set; }

    public void Update(string name, string host, int port, MailTlsMode tls, string userName, string folder,
        string? moveToFolder, int? teamId, bool isActive, DateTime now)
    {
        var moved = !string.Equals(Host, host.Trim(), StringComparison.OrdinalIgnoreCase)
            || !string.Equals(UserName, userName.Trim(), StringComparison.Ordinal)
            || !string.Equals(Folder, folder.Trim(), StringComparison.Ordinal);
        Name = name.Trim();
        Host = host.Trim();
        Port = port;
        Tls = tls;
        UserName = userName.Trim();
        Folder = folder.Trim();
        MoveToFolder = string.IsNullOrWhiteSpace(moveToFolder) ? null : moveToFolder.Trim();
        TeamId = teamId;
        IsActive = isActive;
        UpdatedAt = now;
        if (moved)
        {
            // Another server, account or folder: its UIDs say nothing about the old one's.
            UidValidity = null;
            LastUid = 0;
        }
    }

    public void ChangeSecret(string protectedSecret, DateTime now)
    {
        ProtectedSecret = protectedSecret;
        UpdatedAt = now;
    }

    /// <summary>The folder was (re)opened with this UIDVALIDITY; a different one than known starts the UIDs over.</summary>
    public bool Opened(long uidValidity)
    {
        if (UidValidity == uidValidity)
        {
            return false;
        }
        UidValidity = uidValidity;
        LastUid = 0;
        return true;
    }

    public void Stored(long uid)
    {
        if (uid > LastUid)
        {
            LastUid = uid;
        }
    }
}

internal sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> b)
    {
        b.ToTable("mailboxes");
        b.Property(m => m.Name).HasMaxLength(Mailbox.MaxNameLength);
        b.Property(m => m.Host).HasMaxLength(Mailbox.MaxHostLength);
        b.Property(m => m.UserName).HasMaxLength(Mailbox.MaxUserLength);
        b.Property(m => m.Folder).HasMaxLength(Mailbox.MaxFolderLength);
        b.Property(m => m.MoveToFolder).HasMaxLength(Mailbox.MaxFolderLength);
        b.Property(m => m.Tls).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.LastError).HasMaxLength(Mailbox.MaxErrorLength);
        b.HasIndex(m => m.Name).IsUnique();
        b.HasOne<Teams.Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
