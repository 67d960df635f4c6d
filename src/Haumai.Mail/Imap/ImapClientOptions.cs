using Haumai.Mail.Net;

namespace Haumai.Mail.Imap;

/// <summary>Where and how <see cref="ImapClient"/> connects. Defaults: STARTTLS on 143 (implicit TLS: 993).</summary>
public sealed class ImapClientOptions : MailClientOptions
{
    /// <summary>
    /// Capabilities to act as if the server had not announced them (e.g. "MOVE", "LITERAL+", "SASL-IR",
    /// "IDLE"), to work around a server's faulty extension.
    /// </summary>
    public IReadOnlyCollection<string> IgnoredCapabilities { get; init; } = [];

    /// <summary>Largest literal kept in memory when it is not streamed to a caller (message bodies always are).</summary>
    public long MaxLiteralInMemory { get; init; } = 16 * 1024 * 1024;

    internal override int DefaultPort(MailTlsMode tls) => tls == MailTlsMode.Implicit ? 993 : 143;
}
