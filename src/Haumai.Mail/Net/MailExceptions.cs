namespace Haumai.Mail.Net;

/// <summary>A connect, handshake, command or transfer took longer than its configured limit; the connection is closed.</summary>
public sealed class MailTimeoutException(string message) : TimeoutException(message);

/// <summary>The server sent something the protocol does not allow (or beyond a configured limit); the connection is closed.</summary>
public sealed class MailProtocolException(string message) : IOException(message);

/// <summary>The connection closed while a reply was expected.</summary>
public sealed class MailConnectionClosedException(string message) : IOException(message);

/// <summary>
/// An operation would weaken security: credentials over a connection without TLS, or STARTTLS
/// requested from a server that does not offer it.
/// </summary>
public sealed class MailSecurityException(string message) : Exception(message);
