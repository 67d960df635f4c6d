using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Haumai.Mail.Net;

namespace Haumai.Mail.Smtp;

/// <summary>SASL mechanisms the SMTP client can use (RFC 4954).</summary>
public enum SmtpAuthMechanism
{
    /// <summary>PLAIN when offered, else LOGIN.</summary>
    Automatic,
    Plain,
    Login,
}

/// <summary>
/// An ESMTP client (RFC 5321) for submitting messages: STARTTLS (RFC 3207) or implicit TLS,
/// AUTH PLAIN/LOGIN (RFC 4954), SIZE (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531),
/// PIPELINING (RFC 2920), enhanced status codes (RFC 3463). The message is streamed from a
/// <see cref="Stream"/>, its line ends normalised to CRLF and its lines dot-stuffed on the way.
/// <code>
/// await using var smtp = await SmtpClient.ConnectAsync(options, ct);
/// await smtp.AuthenticateAsync(user, password, ct);
/// var result = await smtp.SendAsync("support@example.vn", ["lan@example.vn"], message, ct);
/// </code>
/// Refusals throw <see cref="SmtpTransientException"/> (4xx: retry later) or
/// <see cref="SmtpPermanentException"/> (5xx); refused recipients are reported per recipient in
/// <see cref="SmtpSendResult"/>. A timeout (<see cref="MailTimeoutException"/>) or an I/O error
/// leaves the client unusable. One client is one connection: not for concurrent use.
/// </summary>
public sealed class SmtpClient : IAsyncDisposable
{
    private static readonly SearchValues<byte> LineEnds = SearchValues.Create("\r\n"u8);

    private readonly SmtpClientOptions _options;
    private readonly MailTransport _transport;
    private readonly string _localDomain;

    private SmtpClient(SmtpClientOptions options, MailTransport transport, string localDomain)
    {
        _options = options;
        _transport = transport;
        _localDomain = localDomain;
    }

    /// <summary>The server's 220 greeting.</summary>
    public SmtpReply Greeting { get; private set; } = null!;

    /// <summary>What the server announced in its latest EHLO reply (after STARTTLS, the second one).</summary>
    public SmtpCapabilities Capabilities { get; private set; } = SmtpCapabilities.None;

    /// <summary>True when the connection is protected by TLS.</summary>
    public bool IsSecure => _transport.IsSecure;

    public bool IsAuthenticated { get; private set; }

    /// <summary>False once the connection failed (timeout, I/O error, 421): open a new client.</summary>
    public bool IsConnected => !_transport.IsFaulted;

    /// <summary>Connects, reads the greeting, says EHLO (HELO if refused) and starts TLS as <see cref="MailClientOptions.Tls"/> asks.</summary>
    public static async Task<SmtpClient> ConnectAsync(SmtpClientOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = await MailTransport.ConnectAsync(options, ct).ConfigureAwait(false);
        var client = new SmtpClient(options, transport, options.LocalDomain ?? AddressLiteral(transport));
        try
        {
            await client.StartAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string AddressLiteral(MailTransport transport) => transport.LocalEndPoint switch
    {
        IPEndPoint { Address.AddressFamily: AddressFamily.InterNetworkV6 } ip when ip.Address.IsIPv4MappedToIPv6 =>
            $"[{ip.Address.MapToIPv4()}]",
        IPEndPoint { Address.AddressFamily: AddressFamily.InterNetworkV6 } ip => $"[IPv6:{ip.Address}]",
        IPEndPoint ip => $"[{ip.Address}]",
        _ => "[127.0.0.1]",
    };

    private async Task StartAsync(CancellationToken ct)
    {
        Greeting = await _transport.RunAsync(ReadReplyAsync, _options.CommandTimeout, "SMTP greeting", ct).ConfigureAwait(false);
        if (Greeting.Code != 220)
        {
            throw SmtpCommandException.For("the connection", Greeting);
        }

        await HelloAsync(ct).ConfigureAwait(false);
        if (_options.Tls != MailTlsMode.StartTls)
        {
            return;
        }

        if (!Capabilities.SupportsStartTls)
        {
            throw new MailSecurityException($"The SMTP server {_options.Host} does not offer STARTTLS; refusing to go on without TLS.");
        }

        var reply = await CommandAsync("STARTTLS", "STARTTLS", ct).ConfigureAwait(false);
        if (reply.Code != 220)
        {
            throw SmtpCommandException.For("STARTTLS", reply);
        }

        await _transport.UpgradeToTlsAsync(_options, ct).ConfigureAwait(false);

        // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
        Capabilities = SmtpCapabilities.None;
        await HelloAsync(ct).ConfigureAwait(false);
    }

    private async Task HelloAsync(CancellationToken ct)
    {
        var ehlo = await CommandAsync($"EHLO {_localDomain}", "EHLO", ct).ConfigureAwait(false);
        if (ehlo.IsSuccess)
        {
            Capabilities = SmtpCapabilities.Parse(ehlo);
            return;
        }

        if (ehlo.Kind != SmtpReplyKind.Permanent)
        {
            throw SmtpCommandException.For("EHLO", ehlo);
        }

        var helo = await CommandAsync($"HELO {_localDomain}", "HELO", ct).ConfigureAwait(false);
        if (!helo.IsSuccess)
        {
            throw SmtpCommandException.For("HELO", helo);
        }

        Capabilities = SmtpCapabilities.None;
    }

    /// <summary>Authenticates with PLAIN when offered, else LOGIN.</summary>
    public Task AuthenticateAsync(string userName, string password, CancellationToken ct = default) =>
        AuthenticateAsync(userName, password, SmtpAuthMechanism.Automatic, ct);

    /// <summary>
    /// Authenticates with the given mechanism. Refuses (<see cref="MailSecurityException"/>) without TLS
    /// unless <see cref="MailClientOptions.AllowAuthenticationWithoutTls"/>. Wrong credentials:
    /// <see cref="SmtpAuthenticationException"/>; a 4xx reply: <see cref="SmtpTransientException"/>.
    /// </summary>
    public async Task AuthenticateAsync(string userName, string password, SmtpAuthMechanism mechanism, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("Already authenticated.");
        }

        if (!IsSecure && !_options.AllowAuthenticationWithoutTls)
        {
            throw new MailSecurityException("Refusing to send credentials over a connection without TLS (see AllowAuthenticationWithoutTls).");
        }

        var offered = Capabilities.AuthMechanisms;
        if (mechanism == SmtpAuthMechanism.Automatic)
        {
            mechanism = offered.Contains("PLAIN") ? SmtpAuthMechanism.Plain
                : offered.Contains("LOGIN") ? SmtpAuthMechanism.Login
                : throw new SmtpNotSupportedException(offered.Count == 0
                    ? "The SMTP server offers no authentication on this connection."
                    : $"The SMTP server offers no supported AUTH mechanism (it offers {string.Join(", ", offered)}).");
        }

        var name = mechanism == SmtpAuthMechanism.Plain ? "PLAIN" : "LOGIN";
        if (!offered.Contains(name))
        {
            throw new SmtpNotSupportedException($"The SMTP server does not offer AUTH {name}.");
        }

        var command = $"AUTH {name}";
        SmtpReply reply;
        if (mechanism == SmtpAuthMechanism.Plain)
        {
            // RFC 4616: authzid NUL authcid NUL passwd, sent as the initial response.
            var response = Base64($"\0{userName}\0{password}");
            reply = await CommandAsync($"AUTH PLAIN {response}", command, ct).ConfigureAwait(false);
        }
        else
        {
            reply = await CommandAsync("AUTH LOGIN", command, ct).ConfigureAwait(false);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(userName), command, ct).ConfigureAwait(false);
            }

            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(password), command, ct).ConfigureAwait(false);
            }
        }

        if (reply.Code == 334)
        {
            // The server wants more than the mechanism has to say: cancel the exchange (RFC 4954 §4).
            reply = await CommandAsync("*", command, ct).ConfigureAwait(false);
            throw new SmtpAuthenticationException(command, reply);
        }

        if (reply.Kind == SmtpReplyKind.Transient)
        {
            throw new SmtpTransientException(command, reply);
        }

        if (!reply.IsSuccess)
        {
            throw new SmtpAuthenticationException(command, reply);
        }

        IsAuthenticated = true;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Sends one message to several recipients in one transaction and says what became of each.
    /// The message (RFC 5322 bytes) is read from the current position of <paramref name="message"/> to
    /// its end; any line end (CRLF, LF, CR) is sent as CRLF and lines starting with "." are dot-stuffed.
    /// When the stream can seek, its size is announced (SIZE, so an oversize message is refused before
    /// any of it is sent) and its bytes are scanned to declare BODY=8BITMIME and SMTPUTF8 only when
    /// needed; a stream that cannot seek is declared 8BITMIME whenever the server offers it.
    /// International (non-ASCII) addresses require SMTPUTF8. <paramref name="envelopeFrom"/> may be
    /// empty (the null reverse path, for notifications that must not be answered).
    /// </summary>
    /// <exception cref="SmtpTransientException">MAIL FROM, DATA or the message was refused for now.</exception>
    /// <exception cref="SmtpPermanentException">MAIL FROM, DATA or the message was refused for good (too large, for example).</exception>
    /// <exception cref="SmtpNotSupportedException">The message needs an extension the server lacks.</exception>
    public async Task<SmtpSendResult> SendAsync(string envelopeFrom, IEnumerable<string> recipients, Stream message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(envelopeFrom);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(message);
        var to = recipients.ToList();
        if (to.Count == 0)
        {
            throw new ArgumentException("At least one recipient is required.", nameof(recipients));
        }

        CheckAddress(envelopeFrom, allowEmpty: true, nameof(envelopeFrom));
        foreach (var address in to)
        {
            CheckAddress(address, allowEmpty: false, nameof(recipients));
        }

        var mail = await MailCommandAsync(envelopeFrom, to, message, ct).ConfigureAwait(false);

        var commands = new List<string>(to.Count + 1) { mail };
        commands.AddRange(to.Select(r => $"RCPT TO:<{r}>"));
        var replies = new List<SmtpReply>(commands.Count);
        if (_options.UsePipelining && Capabilities.SupportsPipelining)
        {
            await _transport.RunAsync(async t =>
            {
                foreach (var command in commands)
                {
                    _transport.Write(command);
                    _transport.Write("\r\n"u8);
                }

                await _transport.FlushAsync(t).ConfigureAwait(false);
                foreach (var _ in commands)
                {
                    replies.Add(await ReadReplyAsync(t).ConfigureAwait(false));
                }
            }, _options.CommandTimeout, "MAIL FROM and RCPT TO", ct).ConfigureAwait(false);
        }
        else
        {
            replies.Add(await CommandAsync(mail, "MAIL FROM", ct).ConfigureAwait(false));
            if (replies[0].IsSuccess)
            {
                foreach (var command in commands.Skip(1))
                {
                    replies.Add(await CommandAsync(command, "RCPT TO", ct).ConfigureAwait(false));
                }
            }
        }

        foreach (var reply in replies)
        {
            ThrowIfClosing(reply, "RCPT TO");
        }

        if (!replies[0].IsSuccess)
        {
            throw SmtpCommandException.For("MAIL FROM", replies[0]);
        }

        var results = to.Select((address, i) => new SmtpRecipientResult(address, replies[i + 1])).ToList();
        if (!results.Any(r => r.Accepted))
        {
            await ResetAsync(ct).ConfigureAwait(false);
            return new SmtpSendResult(results, dataReply: null);
        }

        var data = await CommandAsync("DATA", "DATA", ct).ConfigureAwait(false);
        if (data.Code != 354)
        {
            throw SmtpCommandException.For("DATA", data);
        }

        await WriteDataAsync(message, ct).ConfigureAwait(false);
        var final = await _transport.RunAsync(ReadReplyAsync, _options.CommandTimeout, "end of message data", ct).ConfigureAwait(false);
        ThrowIfClosing(final, "the message data");
        if (!final.IsSuccess)
        {
            throw SmtpCommandException.For("the message data", final);
        }

        return new SmtpSendResult(results, final);
    }

    private static void CheckAddress(string address, bool allowEmpty, string parameter)
    {
        if ((!allowEmpty && address.Length == 0) || address.AsSpan().IndexOfAny("\r\n<> \t") >= 0)
        {
            throw new ArgumentException($"Not a usable envelope address: '{address}'.", parameter);
        }
    }

    private async Task<string> MailCommandAsync(string from, List<string> to, Stream message, CancellationToken ct)
    {
        var command = new StringBuilder($"MAIL FROM:<{from}>");
        var internationalAddresses = !Ascii.IsValid(from) || to.Any(r => !Ascii.IsValid(r));
        bool eightBitBody, eightBitHeaders;
        long? size = null;
        if (message.CanSeek)
        {
            size = message.Length - message.Position;
            (eightBitHeaders, eightBitBody) = await ScanAsync(message, ct).ConfigureAwait(false);
            eightBitBody |= eightBitHeaders;
        }
        else
        {
            eightBitHeaders = false;
            eightBitBody = Capabilities.Supports8BitMime;
        }

        if (size is { } n && Capabilities.SupportsSize)
        {
            command.Append(CultureInfo.InvariantCulture, $" SIZE={n}");
        }

        if (eightBitBody)
        {
            if (!Capabilities.Supports8BitMime)
            {
                throw new SmtpNotSupportedException("The message has 8-bit content and the SMTP server does not offer 8BITMIME; encode it as 7-bit (quoted-printable or base64) first.");
            }

            command.Append(" BODY=8BITMIME");
        }

        if (internationalAddresses || eightBitHeaders)
        {
            if (Capabilities.SupportsSmtpUtf8)
            {
                command.Append(" SMTPUTF8");
            }
            else if (internationalAddresses)
            {
                throw new SmtpNotSupportedException("International (non-ASCII) addresses need SMTPUTF8, which the SMTP server does not offer.");
            }
        }

        return command.ToString();
    }

    /// <summary>Whether the header section and the whole message hold bytes above 127; the position is restored.</summary>
    private static async Task<(bool Headers, bool Any)> ScanAsync(Stream message, CancellationToken ct)
    {
        var start = message.Position;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // The header section ends at the first empty line: "\n\n" or "\n\r\n". state: 1 after a
            // line feed (the start counts as one), 2 after a line feed and a carriage return.
            var inHeaders = true;
            var state = 1;
            int read;
            while ((read = await message.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                var i = 0;
                for (; inHeaders && i < span.Length; i++)
                {
                    var b = span[i];
                    if (b > 127)
                    {
                        return (true, true);
                    }

                    if (b == '\n')
                    {
                        inHeaders = state == 0;
                        state = 1;
                    }
                    else
                    {
                        state = b == '\r' && state == 1 ? 2 : 0;
                    }
                }

                if (!Ascii.IsValid(span[i..]))
                {
                    return (false, true);
                }
            }

            return (false, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            message.Position = start;
        }
    }

    /// <summary>
    /// Streams the message with CRLF line ends and dot-stuffing (RFC 5321 §4.5.2), then the final
    /// "." line. Each chunk has <see cref="MailClientOptions.CommandTimeout"/> to leave.
    /// </summary>
    private async Task WriteDataAsync(Stream message, CancellationToken ct)
    {
        const int chunk = 32 * 1024;
        var input = ArrayPool<byte>.Shared.Rent(chunk);
        var output = ArrayPool<byte>.Shared.Rent(chunk * 2 + 8);
        try
        {
            var atLineStart = true;
            var afterCr = false;
            int read;
            while ((read = await message.ReadAsync(input.AsMemory(0, chunk), ct).ConfigureAwait(false)) > 0)
            {
                var length = Stuff(input.AsSpan(0, read), output, ref atLineStart, ref afterCr);
                await SendChunkAsync(output.AsMemory(0, length), flush: false, ct).ConfigureAwait(false);
            }

            var tail = atLineStart ? ".\r\n"u8 : "\r\n.\r\n"u8;
            tail.CopyTo(output);
            await SendChunkAsync(output.AsMemory(0, tail.Length), flush: true, ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private Task SendChunkAsync(ReadOnlyMemory<byte> data, bool flush, CancellationToken ct) =>
        _transport.RunAsync(async t =>
        {
            await _transport.WriteAsync(data, t).ConfigureAwait(false);
            if (flush)
            {
                await _transport.FlushAsync(t).ConfigureAwait(false);
            }
        }, _options.CommandTimeout, "sending the message data", ct);

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> with CRLF line ends and dot-stuffing; returns the bytes written.</summary>
    internal static int Stuff(ReadOnlySpan<byte> input, Span<byte> output, ref bool atLineStart, ref bool afterCr)
    {
        var o = 0;
        while (!input.IsEmpty)
        {
            if (afterCr)
            {
                afterCr = false;
                if (input[0] == '\n')
                {
                    input = input[1..];
                    continue;
                }
            }

            if (atLineStart && input[0] == '.')
            {
                output[o++] = (byte)'.';
            }

            var end = input.IndexOfAny(LineEnds);
            if (end < 0)
            {
                input.CopyTo(output[o..]);
                o += input.Length;
                atLineStart = false;
                break;
            }

            input[..end].CopyTo(output[o..]);
            o += end;
            output[o++] = (byte)'\r';
            output[o++] = (byte)'\n';
            afterCr = input[end] == '\r';
            atLineStart = true;
            input = input[(end + 1)..];
        }

        return o;
    }

    /// <summary>Aborts the current mail transaction (RSET).</summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        var reply = await CommandAsync("RSET", "RSET", ct).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            throw SmtpCommandException.For("RSET", reply);
        }
    }

    /// <summary>Checks the connection is alive (NOOP).</summary>
    public async Task NoopAsync(CancellationToken ct = default)
    {
        var reply = await CommandAsync("NOOP", "NOOP", ct).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            throw SmtpCommandException.For("NOOP", reply);
        }
    }

    /// <summary>Says QUIT and closes the connection. <see cref="DisposeAsync"/> does this too, quietly.</summary>
    public async Task QuitAsync(CancellationToken ct = default)
    {
        try
        {
            if (!_transport.IsFaulted)
            {
                await CommandAsync("QUIT", "QUIT", ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_transport.IsFaulted)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Min(5, _options.CommandTimeout.TotalSeconds)));
                await CommandAsync("QUIT", "QUIT", cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection ends either way: a server that does not answer QUIT changes nothing.
        }
        finally
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SmtpReply> CommandAsync(string line, string display, CancellationToken ct)
    {
        var reply = await _transport.RunAsync(async t =>
        {
            _transport.Write(line);
            _transport.Write("\r\n"u8);
            await _transport.FlushAsync(t).ConfigureAwait(false);
            return await ReadReplyAsync(t).ConfigureAwait(false);
        }, _options.CommandTimeout, display, ct).ConfigureAwait(false);
        ThrowIfClosing(reply, display);
        return reply;
    }

    /// <summary>421: the server is closing the connection; nothing more can be done on it.</summary>
    private void ThrowIfClosing(SmtpReply reply, string command)
    {
        if (reply.Code == 421 && command != "QUIT")
        {
            _transport.Fault();
            throw new SmtpTransientException(command, reply);
        }
    }

    private const int MaxReplyLines = 1000;

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        var code = -1;
        while (true)
        {
            var line = await _transport.ReadLineAsync(_options.MaxLineLength, ct).ConfigureAwait(false);
            if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2])
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                _transport.Fault();
                throw new MailProtocolException($"Not an SMTP reply line: '{Truncate(line)}'.");
            }

            var lineCode = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (code < 0)
            {
                code = lineCode;
            }
            else if (lineCode != code)
            {
                _transport.Fault();
                throw new MailProtocolException($"An SMTP multi-line reply changed its code from {code} to {lineCode}.");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                break;
            }

            if (lines.Count >= MaxReplyLines)
            {
                _transport.Fault();
                throw new MailProtocolException($"An SMTP reply had more than {MaxReplyLines} lines.");
            }
        }

        var status = EnhancedStatus(code, lines);
        if (status is not null)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].StartsWith(status, StringComparison.Ordinal))
                {
                    lines[i] = lines[i][status.Length..].TrimStart();
                }
            }
        }

        return new SmtpReply(code, lines, status);
    }

    /// <summary>An RFC 3463 code at the start of the first line whose class matches the reply's.</summary>
    private static string? EnhancedStatus(int code, List<string> lines)
    {
        var text = lines[0];
        var space = text.IndexOf(' ');
        var candidate = space < 0 ? text : text[..space];
        var parts = candidate.Split('.');
        if (parts.Length != 3 || parts[0].Length != 1 || parts[0][0] - '0' != code / 100 || code / 100 is not (2 or 4 or 5))
        {
            return null;
        }

        foreach (var part in parts.AsSpan(1))
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit))
            {
                return null;
            }
        }

        return candidate;
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
