namespace Haumai.Mail.Smtp;

/// <summary>
/// A command the server refused. Catch <see cref="SmtpTransientException"/> to retry later and
/// <see cref="SmtpPermanentException"/> to give up; <see cref="IsTransient"/> says the same.
/// </summary>
public abstract class SmtpCommandException : Exception
{
    protected SmtpCommandException(string command, SmtpReply reply)
        : base($"The SMTP server refused {command}: {reply}")
    {
        Command = command;
        Reply = reply;
    }

    /// <summary>The command, without its arguments when they are secret (AUTH).</summary>
    public string Command { get; }

    public SmtpReply Reply { get; }

    public bool IsTransient => Reply.Kind == SmtpReplyKind.Transient;

    internal static SmtpCommandException For(string command, SmtpReply reply) =>
        reply.Kind == SmtpReplyKind.Transient
            ? new SmtpTransientException(command, reply)
            : new SmtpPermanentException(command, reply);
}

/// <summary>A 4xx reply (or 421, the server closing): the same message may go through later.</summary>
public sealed class SmtpTransientException(string command, SmtpReply reply) : SmtpCommandException(command, reply);

/// <summary>A 5xx reply (or an unexpected code): sending the same thing again will not help.</summary>
public class SmtpPermanentException(string command, SmtpReply reply) : SmtpCommandException(command, reply);

/// <summary>The server rejected the credentials (535 and other 5xx replies to AUTH).</summary>
public sealed class SmtpAuthenticationException(string command, SmtpReply reply) : SmtpPermanentException(command, reply);

/// <summary>
/// The server lacks something the operation requires (STARTTLS, an AUTH mechanism, SMTPUTF8 for
/// international addresses, 8BITMIME for an 8-bit message). Permanent for this server.
/// </summary>
public sealed class SmtpNotSupportedException(string message) : Exception(message);
