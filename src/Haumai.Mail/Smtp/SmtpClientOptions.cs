using Haumai.Mail.Net;

namespace Haumai.Mail.Smtp;

/// <summary>
/// Where and how <see cref="SmtpClient"/> connects. Defaults: STARTTLS on port 587 (implicit TLS: 465,
/// no TLS: 25), certificate checked against the system's roots plus <see cref="MailClientOptions.TrustedCertificates"/>.
/// </summary>
public sealed class SmtpClientOptions : MailClientOptions
{
    /// <summary>
    /// The name this client gives in EHLO/HELO. Default: the address literal of the local end of the
    /// connection ("[192.0.2.1]"), which RFC 5321 §4.1.4 allows when no fully qualified name is known.
    /// </summary>
    public string? LocalDomain { get; init; }

    /// <summary>Send MAIL and RCPT commands as one batch when the server offers PIPELINING (RFC 2920).</summary>
    public bool UsePipelining { get; init; } = true;

    internal override int DefaultPort(MailTlsMode tls) => tls switch
    {
        MailTlsMode.Implicit => 465,
        MailTlsMode.StartTls => 587,
        _ => 25,
    };
}
