using Haumai.Mail.Net;

namespace Haumai.Web.Features.Mail.Outbox;

/// <summary><c>Mail:*</c> as the outbox reads it: whether mail goes out at all, as whom, through which server.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Mail";

    /// <summary>
    /// Off by default: with no SMTP server configured nothing is queued, rather than a pile of
    /// mail that would all go out at once the day someone configures one.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The support address replies come from (envelope sender and From).</summary>
    public string? From { get; set; }

    /// <summary>The name shown with <see cref="From"/>.</summary>
    public string FromName { get; set; } = "Haumai";

    /// <summary>The domain of the Message-IDs Haumai generates; the domain of <see cref="From"/> when empty.</summary>
    public string? Domain { get; set; }

    /// <summary>The channels whose tickets get staff replies by mail (portal, email, chat, api, phone); empty means all.</summary>
    public List<string> SendRepliesFor { get; set; } = [];

    /// <summary>
    /// T6: an ETA that moves by at least this many minutes is announced to the customer by mail; 0
    /// turns the notices off. Smaller moves are drift the customer need not hear about.
    /// </summary>
    public int EtaNoticeMinutes { get; set; } = 60;

    public SmtpOptions Smtp { get; set; } = new();

    public SenderOptions Outbox { get; set; } = new();

    public string MessageIdDomain =>
        !string.IsNullOrWhiteSpace(Domain) ? Domain.Trim()
        : From is { } from && from.LastIndexOf('@') is var at and > 0 ? from[(at + 1)..]
        : "localhost";

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        /// <summary>0: the usual port for <see cref="Tls"/> (587 for STARTTLS, 465 implicit, 25 none).</summary>
        public int Port { get; set; }

        public MailTlsMode Tls { get; set; } = MailTlsMode.StartTls;
        public string? User { get; set; }
        public string? Password { get; set; }

        /// <summary>A PEM certificate trusted in addition to the system's roots (a private relay's self-signed one).</summary>
        public string? TrustedCertificatePath { get; set; }

        /// <summary>The name given in EHLO; the local address literal when empty.</summary>
        public string? LocalDomain { get; set; }

        public int TimeoutSeconds { get; set; } = 30;
    }

    public sealed class SenderOptions
    {
        /// <summary>How often the sender looks for due mail; 0 stops the background loop (tests call it directly).</summary>
        public int IntervalSeconds { get; set; } = 5;

        /// <summary>After this many failed attempts a mail is given up as failed.</summary>
        public int MaxAttempts { get; set; } = 12;

        /// <summary>
        /// How long a claimed mail is left to its sender before another run may take it again: a node
        /// that dies mid-send loses nothing, the mail goes out again after this.
        /// </summary>
        public int ClaimMinutes { get; set; } = 10;
    }
}
