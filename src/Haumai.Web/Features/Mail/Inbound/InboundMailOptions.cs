namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>Inbound mail settings (section <c>Mail:Inbound</c>).</summary>
public sealed class InboundMailOptions
{
    /// <summary>Largest raw message accepted (the HTTP entry answers 413 above it, the pipe refuses it, IMAP parks it).</summary>
    public long MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// Messages one sender may turn into tickets or replies per hour; more are parked. A runaway
    /// autoresponder that slips past the header checks is stopped here.
    /// </summary>
    public int MaxPerSenderPerHour { get; set; } = 20;

    /// <summary>
    /// E3: a reply to a ticket solved longer ago than this opens a new ticket that follows it up,
    /// rather than reopening a conversation everyone considers over. A closed ticket takes no
    /// messages at all, so a reply to it always opens a follow-up.
    /// </summary>
    public int FollowUpAfterDays { get; set; } = 14;

    /// <summary>
    /// A PEM certificate trusted for the IMAP servers in addition to the system's roots (a private
    /// server's self-signed one). Set by the operator, not on the admin pages: a web admin must not
    /// be able to point Haumai at files.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>Lets mailboxes with TLS "none" send their password in clear text; only for a server on the same machine.</summary>
    public bool AllowImapWithoutTls { get; set; }

    public int ImapTimeoutSeconds { get; set; } = 30;

    public PollerOptions Poller { get; set; } = new();

    public sealed class PollerOptions
    {
        /// <summary>Off: no mailbox is read and stuck messages wait (tests drive the passes themselves).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>
        /// The longest time between two passes over a mailbox. With IDLE (RFC 2177) new mail is
        /// taken at once and this only bounds the wait; without it, this is the polling interval.
        /// </summary>
        public int PollSeconds { get; set; } = 60;

        /// <summary>How often the list of mailboxes is read again, so an admin's change takes effect.</summary>
        public int RefreshSeconds { get; set; } = 30;

        /// <summary>
        /// A message stored but still unprocessed after this long (its process died: a pipe
        /// delivery killed, a node restarted) is processed by the poller.
        /// </summary>
        public int RecoverAfterMinutes { get; set; } = 2;
    }
}
