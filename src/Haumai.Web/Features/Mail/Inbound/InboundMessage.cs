using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Mail.Inbound;

public enum InboundSource
{
    Pipe,
    Http,
    Import,
    Imap,
}

public enum InboundState
{
    Received,
    Processed,
    Parked,
    Ignored,
}

/// <summary>
/// E1: one raw message as it reached Haumai, stored and committed before anything is made of it,
/// so that a crash or a bug in processing loses nothing: the row is parked and can be retried.
/// The bytes live in the row rather than in a file: the row and its content then commit (and are
/// backed up) together, there is no orphan file to clean after a failed insert, and a message is
/// at most <see cref="InboundMailOptions.MaxMessageBytes"/> (25 MB), which both databases hold well.
/// </summary>
public sealed class InboundMessage
{
    public const int MaxReasonLength = 1000;
    public const int MaxAddressLength = 320;

    private InboundMessage() { }

    public InboundMessage(byte[] raw, InboundSource source, string? messageId, string? fromAddress, DateTime now,
        int? mailboxId = null, long? uid = null, long? uidValidity = null)
    {
        Raw = raw;
        Length = raw.LongLength;
        Source = source;
        MessageId = messageId is null ? null : Truncate(MailThreadId.Normalize(messageId), MailThreadId.MaxMessageIdLength);
        FromAddress = fromAddress is null ? null : Truncate(fromAddress.Trim().ToLowerInvariant(), MaxAddressLength);
        MailboxId = mailboxId;
        Uid = uid;
        UidValidity = uidValidity;
        ReceivedAt = now;
        State = InboundState.Received;
    }

    public long Id { get; private set; }
    public InboundSource Source { get; private set; }

    /// <summary>For IMAP: which configured mailbox, and the message's UID under that UIDVALIDITY.</summary>
    public int? MailboxId { get; private set; }
    public long? Uid { get; private set; }
    public long? UidValidity { get; private set; }

    /// <summary>Normalized (no angle brackets); null when the message had none or could not be read.</summary>
    public string? MessageId { get; private set; }

    /// <summary>The From address, lower case: what the per-sender cap counts by.</summary>
    public string? FromAddress { get; private set; }
    public byte[] Raw { get; private set; } = [];
    public long Length { get; private set; }
    public DateTime ReceivedAt { get; private set; }
    public InboundState State { get; private set; }
    public string? Reason { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? ProcessedAt { get; private set; }
    public long? TicketId { get; private set; }
    public long? TicketMessageId { get; private set; }

    /// <summary>True when this message made the ticket (rather than adding a reply to one).</summary>
    public bool CreatedTicket { get; private set; }

    /// <summary>
    /// For IMAP: when the message was marked \Seen or moved on the server. Done only after the
    /// ticket committed; a crash in between leaves it null and the next poll finishes the job.
    /// </summary>
    public DateTime? RemoteDoneAt { get; private set; }

    public void StartAttempt() => Attempts++;

    public void RemoteDone(DateTime now) => RemoteDoneAt = now;

    public void MarkProcessed(long ticketId, long ticketMessageId, bool createdTicket, DateTime now)
    {
        State = InboundState.Processed;
        TicketId = ticketId;
        TicketMessageId = ticketMessageId;
        CreatedTicket = createdTicket;
        Reason = null;
        ProcessedAt = now;
    }

    public void Park(string reason, DateTime now)
    {
        State = InboundState.Parked;
        Reason = Truncate(reason, MaxReasonLength);
        ProcessedAt = now;
    }

    public void Ignore(string reason, DateTime now)
    {
        State = InboundState.Ignored;
        Reason = Truncate(reason, MaxReasonLength);
        ProcessedAt = now;
    }

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> b)
    {
        b.ToTable("inbound_messages");
        b.Property(m => m.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.MessageId).HasMaxLength(MailThreadId.MaxMessageIdLength);
        b.Property(m => m.FromAddress).HasMaxLength(InboundMessage.MaxAddressLength);
        b.Property(m => m.Reason).HasMaxLength(InboundMessage.MaxReasonLength);
        b.Property(m => m.Raw).IsRequired();
        // Admins list parked messages; duplicates are looked up by Message-ID; the cap counts by sender and time.
        b.HasIndex(m => m.State);
        b.HasIndex(m => m.MessageId);
        b.HasIndex(m => new { m.FromAddress, m.ReceivedAt });
        // One row per message of a mailbox: a poll that crashed before recording its progress fetches again and finds it here.
        b.HasIndex(m => new { m.MailboxId, m.UidValidity, m.Uid }).IsUnique();
        // No foreign key to mailboxes: a mailbox is paused, never deleted, and SQLite could add one only by rebuilding this table of raw mail.
    }
}
