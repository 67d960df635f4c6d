using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Haumai.Mail.Net;

/// <summary>How a mail client protects its connection.</summary>
public enum MailTlsMode
{
    /// <summary>TLS from the first byte (SMTP submissions on 465, IMAP on 993).</summary>
    Implicit,

    /// <summary>A plain connection upgraded by STARTTLS before anything else; fails if the server does not offer it.</summary>
    StartTls,

    /// <summary>No TLS at all. Authentication is then refused unless <see cref="MailClientOptions.AllowAuthenticationWithoutTls"/>.</summary>
    None,
}

/// <summary>What the SMTP and IMAP clients share: where to connect, how to trust the server, time limits.</summary>
public abstract class MailClientOptions
{
    /// <summary>Server host name or IP address; also the name its certificate must carry (see <see cref="TlsServerName"/>).</summary>
    public required string Host { get; init; }

    /// <summary>TCP port; 0 picks the protocol's usual port for <see cref="Tls"/>.</summary>
    public int Port { get; init; }

    public MailTlsMode Tls { get; init; } = MailTlsMode.StartTls;

    /// <summary>Name checked against the server certificate when it differs from <see cref="Host"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Longest wait for the TCP connection and the TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest wait for one command's complete reply, the greeting included. SMTP applies it to each
    /// 32 KiB chunk of a message it sends; IMAP to a whole command, a message's FETCH or APPEND
    /// included, so raise it for very large messages over slow links. A timeout leaves the
    /// connection unusable (<see cref="MailTimeoutException"/>): open a new one.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Certificates trusted as roots in addition to the system's, for servers with a private or
    /// self-signed certificate. The host name is still checked. Prefer this to a permissive callback.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>
    /// Replaces the certificate check entirely when set (for pinning by thumbprint, for example).
    /// Never return true blindly: that disables the protection TLS gives.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Allows sending credentials over a connection without TLS. Off by default, for good reason.</summary>
    public bool AllowAuthenticationWithoutTls { get; init; }

    /// <summary>Longest reply or response line accepted, in bytes (a misbehaving server must not exhaust memory).</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    internal abstract int DefaultPort(MailTlsMode tls);

    internal int EffectivePort => Port > 0 ? Port : DefaultPort(Tls);
}
