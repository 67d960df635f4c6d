using System.Buffers;
using System.Globalization;
using System.Text;
using Haumai.Mail.Net;

namespace Haumai.Mail.Imap;

/// <summary>
/// An IMAP4rev1 client (RFC 3501) for reading a mailbox: STARTTLS or implicit TLS, LOGIN and
/// AUTHENTICATE PLAIN (SASL-IR, RFC 4959), SELECT/EXAMINE, UID SEARCH, UID FETCH with the message
/// streamed to a <see cref="Stream"/> (never held in memory), UID STORE, UID MOVE (RFC 6851; else
/// COPY, \Deleted and UID EXPUNGE from UIDPLUS, RFC 4315), APPEND, IDLE (RFC 2177), literals and
/// LITERAL+ (RFC 7888). Unsolicited EXISTS, EXPUNGE and RECENT responses update
/// <see cref="SelectedMailbox"/> whatever command they come with.
/// <code>
/// await using var imap = await ImapClient.ConnectAsync(options, ct);
/// await imap.AuthenticateAsync(user, password, ct);
/// var inbox = await imap.SelectAsync("INBOX", ct);
/// foreach (var uid in await imap.UidSearchAsync("UNSEEN", ct))
/// {
///     await using var file = File.Create(path);
///     var summary = await imap.UidFetchMessageAsync(uid, file, ct);
/// }
/// </code>
/// A NO or BAD answer throws <see cref="ImapNoException"/> / <see cref="ImapBadException"/> with
/// the server's text; wrong credentials <see cref="ImapAuthenticationException"/>. A timeout
/// (<see cref="MailTimeoutException"/>, <see cref="MailClientOptions.CommandTimeout"/> per command,
/// a message's transfer included) or an I/O error leaves the client unusable. Not for concurrent use.
/// </summary>
public sealed class ImapClient : IAsyncDisposable
{
    private readonly ImapClientOptions _options;
    private readonly MailTransport _transport;
    private readonly ImapResponseReader _reader;
    private readonly HashSet<string> _ignored;
    private HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);
    private int _tag;
    private string? _bye;

    private ImapClient(ImapClientOptions options, MailTransport transport)
    {
        _options = options;
        _transport = transport;
        _reader = new ImapResponseReader(transport, ImapReaderLimits.Default with
        {
            MaxTokenLength = options.MaxLineLength,
            MaxLiteralInMemory = options.MaxLiteralInMemory,
        });
        _ignored = new HashSet<string>(options.IgnoredCapabilities, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The capabilities the server announced last (less <see cref="ImapClientOptions.IgnoredCapabilities"/>).</summary>
    public IReadOnlySet<string> Capabilities => _capabilities;

    /// <summary>The text of the server's greeting.</summary>
    public string Greeting { get; private set; } = "";

    public bool IsSecure => _transport.IsSecure;

    public bool IsAuthenticated { get; private set; }

    /// <summary>False once the connection failed (timeout, I/O error, BYE): open a new client.</summary>
    public bool IsConnected => !_transport.IsFaulted;

    /// <summary>The mailbox chosen by the last successful SELECT or EXAMINE, kept up to date; null if none.</summary>
    public ImapMailbox? SelectedMailbox { get; private set; }

    /// <summary>Whether the server announced <paramref name="capability"/> (and it is not ignored).</summary>
    public bool Supports(string capability) => _capabilities.Contains(capability);

    /// <summary>Connects, reads the greeting, learns the capabilities and starts TLS as <see cref="MailClientOptions.Tls"/> asks.</summary>
    public static async Task<ImapClient> ConnectAsync(ImapClientOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = await MailTransport.ConnectAsync(options, ct).ConfigureAwait(false);
        var client = new ImapClient(options, transport);
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

    private async Task StartAsync(CancellationToken ct)
    {
        var greeting = await _transport.RunAsync(t => _reader.ReadAsync(null, t), _options.CommandTimeout, "IMAP greeting", ct)
            .ConfigureAwait(false);
        if (greeting.Kind != ImapResponseKind.Untagged || greeting.Status is not ("OK" or "PREAUTH" or "BYE"))
        {
            _transport.Fault();
            throw new MailProtocolException($"Not an IMAP greeting: '{greeting}'.");
        }

        Greeting = greeting.Text;
        if (greeting.Status == "BYE")
        {
            _transport.Fault();
            throw new MailConnectionClosedException($"The IMAP server refused the connection: {greeting.Text}");
        }

        ApplyCode(greeting.Code, greeting.CodeArguments);
        IsAuthenticated = greeting.Status == "PREAUTH";
        if (_capabilities.Count == 0)
        {
            await RefreshCapabilitiesAsync(ct).ConfigureAwait(false);
        }

        if (_options.Tls != MailTlsMode.StartTls)
        {
            return;
        }

        if (IsAuthenticated || !Supports("STARTTLS"))
        {
            throw new MailSecurityException($"The IMAP server {_options.Host} does not offer STARTTLS; refusing to go on without TLS.");
        }

        await ExecuteAsync("STARTTLS", [Raw("STARTTLS")], ct).ConfigureAwait(false);
        await _transport.UpgradeToTlsAsync(_options, ct).ConfigureAwait(false);

        // RFC 3501 §6.2.1: capabilities learnt before TLS are void.
        _capabilities = new(StringComparer.OrdinalIgnoreCase);
        await RefreshCapabilitiesAsync(ct).ConfigureAwait(false);
    }

    private Task RefreshCapabilitiesAsync(CancellationToken ct) => ExecuteAsync("CAPABILITY", [Raw("CAPABILITY")], ct);

    // --- authentication ---------------------------------------------------------------------------

    /// <summary>AUTHENTICATE PLAIN when the server offers it, else LOGIN.</summary>
    public Task AuthenticateAsync(string userName, string password, CancellationToken ct = default) =>
        Supports("AUTH=PLAIN") ? AuthenticatePlainAsync(userName, password, ct) : LoginAsync(userName, password, ct);

    /// <summary>LOGIN; user name and password go as quoted strings, or as literals when they hold non-ASCII or control characters.</summary>
    public async Task LoginAsync(string userName, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        CheckCanAuthenticate();
        if (Supports("LOGINDISABLED"))
        {
            throw new ImapNotSupportedException("The IMAP server disables LOGIN on this connection (LOGINDISABLED).");
        }

        var done = await ExecuteAsync("LOGIN", [Raw("LOGIN "), AString(userName), Raw(" "), AString(password)], ct, authentication: true)
            .ConfigureAwait(false);
        await AuthenticatedAsync(done, ct).ConfigureAwait(false);
    }

    /// <summary>AUTHENTICATE PLAIN (RFC 4616), the credentials in the command itself when the server offers SASL-IR.</summary>
    public async Task AuthenticatePlainAsync(string userName, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        CheckCanAuthenticate();
        if (!Supports("AUTH=PLAIN"))
        {
            throw new ImapNotSupportedException("The IMAP server does not offer AUTHENTICATE PLAIN.");
        }

        var response = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{userName}\0{password}"));
        var sent = Supports("SASL-IR");
        var command = sent ? $"AUTHENTICATE PLAIN {response}" : "AUTHENTICATE PLAIN";
        var done = await ExecuteAsync("AUTHENTICATE", [Raw(command)], ct, authentication: true, onContinuation: _ =>
        {
            if (sent)
            {
                // A second challenge: PLAIN has nothing more to say, so cancel (RFC 3501 §6.2.2).
                return "*";
            }

            sent = true;
            return response;
        }).ConfigureAwait(false);
        await AuthenticatedAsync(done, ct).ConfigureAwait(false);
    }

    private void CheckCanAuthenticate()
    {
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("Already authenticated.");
        }

        if (!IsSecure && !_options.AllowAuthenticationWithoutTls)
        {
            throw new MailSecurityException("Refusing to send credentials over a connection without TLS (see AllowAuthenticationWithoutTls).");
        }
    }

    private async Task AuthenticatedAsync(ImapResponse done, CancellationToken ct)
    {
        IsAuthenticated = true;
        if (done.Code != "CAPABILITY")
        {
            // Capabilities often grow after login; the server did not say them, so ask.
            await RefreshCapabilitiesAsync(ct).ConfigureAwait(false);
        }
    }

    // --- mailboxes ----------------------------------------------------------------------------------

    /// <summary>Selects a mailbox for reading and writing.</summary>
    public Task<ImapMailbox> SelectAsync(string mailbox, CancellationToken ct = default) => OpenAsync(mailbox, readOnly: false, ct);

    /// <summary>Selects a mailbox read-only: nothing, not even \Seen, changes (EXAMINE).</summary>
    public Task<ImapMailbox> ExamineAsync(string mailbox, CancellationToken ct = default) => OpenAsync(mailbox, readOnly: true, ct);

    private async Task<ImapMailbox> OpenAsync(string name, bool readOnly, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var verb = readOnly ? "EXAMINE" : "SELECT";
        var mailbox = new ImapMailbox(name, readOnly);
        SelectedMailbox = mailbox;
        try
        {
            await ExecuteAsync(verb, [Raw(verb + " "), MailboxName(name)], ct).ConfigureAwait(false);
        }
        catch
        {
            // A failed SELECT leaves no mailbox selected (RFC 3501 §6.3.1).
            SelectedMailbox = null;
            throw;
        }

        return mailbox;
    }

    // --- messages -----------------------------------------------------------------------------------

    /// <summary>
    /// UID SEARCH with <paramref name="criteria"/> in IMAP syntax (RFC 3501 §6.4.4), e.g. "UNSEEN",
    /// "UID 120:*", "HEADER Message-ID " + <see cref="Quote"/>(id). Returns the matching UIDs.
    /// </summary>
    public async Task<IReadOnlyList<uint>> UidSearchAsync(string criteria, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(criteria);
        if (!Ascii.IsValid(criteria) || criteria.AsSpan().IndexOfAny("\r\n\0") >= 0)
        {
            throw new ArgumentException("Search criteria must be ASCII on one line; quote values with ImapClient.Quote.", nameof(criteria));
        }

        RequireSelected();
        var uids = new List<uint>();
        await ExecuteAsync("UID SEARCH", [Raw("UID SEARCH " + criteria)], ct, untagged: r =>
        {
            if (r.DataName == "SEARCH")
            {
                foreach (var token in r.Data.Skip(1))
                {
                    if (token.TryGetNumber(out var uid) && uid is > 0 and <= uint.MaxValue)
                    {
                        uids.Add((uint)uid);
                    }
                }
            }
        }).ConfigureAwait(false);
        return uids;
    }

    /// <summary>
    /// Copies message <paramref name="uid"/> (BODY.PEEK[]: its \Seen flag is left alone) into
    /// <paramref name="destination"/> as the bytes arrive, and returns its flags, internal date and
    /// size; null (and nothing written) when no message has that UID.
    /// </summary>
    public async Task<ImapMessageSummary?> UidFetchMessageAsync(uint uid, Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfZero(uid);
        RequireSelected();
        ImapMessageSummary? summary = null;
        var written = false;
        var set = uid.ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync("UID FETCH", [Raw($"UID FETCH {set} (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])")], ct,
            untagged: r =>
            {
                if (r.DataName != "FETCH")
                {
                    return;
                }

                var (item, body) = ParseFetch(r);
                if (item?.Uid != uid)
                {
                    return;
                }

                summary = item;
                if (body is { } bytes && !written)
                {
                    // A body sent as a quoted string rather than a literal (tiny messages).
                    destination.Write(bytes);
                    written = true;
                }
            },
            literalTarget: (previous, _) =>
            {
                if (written || previous is not { Kind: ImapTokenKind.Atom } item || !IsBodyItem(item.Text!))
                {
                    return null;
                }

                written = true;
                return destination;
            }).ConfigureAwait(false);
        return summary;
    }

    /// <summary>Flags, internal date and size of the messages with the given UIDs (those that exist), without their bodies.</summary>
    public async Task<IReadOnlyList<ImapMessageSummary>> UidFetchSummariesAsync(IEnumerable<uint> uids, CancellationToken ct = default)
    {
        RequireSelected();
        var wanted = uids.ToHashSet();
        var result = new Dictionary<uint, ImapMessageSummary>();
        if (wanted.Count == 0)
        {
            return [];
        }

        await ExecuteAsync("UID FETCH", [Raw($"UID FETCH {ImapUidSet.Format(wanted)} (UID FLAGS INTERNALDATE RFC822.SIZE)")], ct,
            untagged: r =>
            {
                if (r.DataName == "FETCH" && ParseFetch(r).Summary is { } s && wanted.Contains(s.Uid))
                {
                    result[s.Uid] = s;
                }
            }).ConfigureAwait(false);
        return result.Values.OrderBy(s => s.Uid).ToList();
    }

    private static bool IsBodyItem(string name) =>
        name.Equals("BODY[]", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("BODY[]<", StringComparison.OrdinalIgnoreCase)
        || name.Equals("RFC822", StringComparison.OrdinalIgnoreCase)
        || name.Equals("BINARY[]", StringComparison.OrdinalIgnoreCase);

    /// <summary>The summary in a FETCH response (null without a UID) and a body that came as a quoted string.</summary>
    private static (ImapMessageSummary? Summary, byte[]? Body) ParseFetch(ImapResponse response)
    {
        if (!response.TryGetNumber(out var sequence) || response.Data.Count < 3 || response.Data[2].Kind != ImapTokenKind.List)
        {
            return (null, null);
        }

        var items = response.Data[2].Items!;
        uint? uid = null;
        long? size = null;
        DateTimeOffset? date = null;
        List<string> flags = [];
        byte[]? body = null;
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            var name = items[i].Text?.ToUpperInvariant();
            var value = items[i + 1];
            switch (name)
            {
                case "UID" when value.TryGetNumber(out var n) && n <= uint.MaxValue:
                    uid = (uint)n;
                    break;
                case "RFC822.SIZE" when value.TryGetNumber(out var n):
                    size = (long)n;
                    break;
                case "INTERNALDATE":
                    date = ImapDates.Parse(value.AsString());
                    break;
                case "FLAGS" when value.Kind == ImapTokenKind.List:
                    flags = value.Items!.Select(f => f.AsString()).OfType<string>().ToList();
                    break;
                default:
                    if (name is not null && IsBodyItem(name) && value.Kind is ImapTokenKind.Quoted or ImapTokenKind.Literal)
                    {
                        body = value.Kind == ImapTokenKind.Literal ? value.Bytes : Encoding.UTF8.GetBytes(value.Text!);
                    }

                    break;
            }
        }

        return (uid is { } u ? new ImapMessageSummary(u, (uint)Math.Min(sequence, uint.MaxValue), flags, date, size) : null, body);
    }

    /// <summary>Adds flags (e.g. <see cref="ImapFlags.Seen"/>) to the messages (UID STORE +FLAGS.SILENT).</summary>
    public Task AddFlagsAsync(IEnumerable<uint> uids, IEnumerable<string> flags, CancellationToken ct = default) =>
        StoreAsync(uids, "+FLAGS.SILENT", flags, ct);

    /// <summary>Removes flags from the messages (UID STORE -FLAGS.SILENT).</summary>
    public Task RemoveFlagsAsync(IEnumerable<uint> uids, IEnumerable<string> flags, CancellationToken ct = default) =>
        StoreAsync(uids, "-FLAGS.SILENT", flags, ct);

    private async Task StoreAsync(IEnumerable<uint> uids, string action, IEnumerable<string> flags, CancellationToken ct)
    {
        RequireSelected();
        var list = CheckFlags(flags);
        await ExecuteAsync("UID STORE", [Raw($"UID STORE {ImapUidSet.Format(uids)} {action} ({string.Join(' ', list)})")], ct)
            .ConfigureAwait(false);
    }

    private static List<string> CheckFlags(IEnumerable<string> flags)
    {
        var list = flags.ToList();
        foreach (var flag in list)
        {
            if (flag.Length == 0 || !Ascii.IsValid(flag) || flag.AsSpan().IndexOfAny(" ()[]{}\"%*\r\n\0") >= 0
                || flag.IndexOf('\\', 1) >= 0)
            {
                throw new ArgumentException($"Not a flag: '{flag}'.", nameof(flags));
            }
        }

        return list;
    }

    /// <summary>Copies the messages to another mailbox (UID COPY); the new UIDs when the server reports them (UIDPLUS).</summary>
    public async Task<ImapCopyResult?> UidCopyAsync(IEnumerable<uint> uids, string destination, CancellationToken ct = default)
    {
        RequireSelected();
        var done = await ExecuteAsync("UID COPY", [Raw($"UID COPY {ImapUidSet.Format(uids)} "), MailboxName(destination)], ct)
            .ConfigureAwait(false);
        return CopyResult(done.Code, done.CodeArguments);
    }

    /// <summary>
    /// Moves the messages to another mailbox: UID MOVE when offered, else UID COPY, \Deleted and
    /// UID EXPUNGE of exactly these UIDs (which needs UIDPLUS: a plain EXPUNGE could remove other
    /// messages someone marked \Deleted). Returns the new UIDs when the server reports them.
    /// </summary>
    public async Task<ImapCopyResult?> UidMoveAsync(IEnumerable<uint> uids, string destination, CancellationToken ct = default)
    {
        RequireSelected();
        var set = ImapUidSet.Format(uids);
        if (Supports("MOVE"))
        {
            ImapCopyResult? result = null;
            var done = await ExecuteAsync("UID MOVE", [Raw($"UID MOVE {set} "), MailboxName(destination)], ct,
                untagged: r => result ??= CopyResult(r.Code, r.CodeArguments)).ConfigureAwait(false);
            return result ?? CopyResult(done.Code, done.CodeArguments);
        }

        if (!Supports("UIDPLUS"))
        {
            throw new ImapNotSupportedException("The IMAP server offers neither MOVE nor UIDPLUS: messages cannot be moved safely.");
        }

        var copied = await UidCopyAsync(ImapUidSet.Parse(set)!, destination, ct).ConfigureAwait(false);
        await UidExpungeInternalAsync(set, ct).ConfigureAwait(false);
        return copied;
    }

    /// <summary>Marks the messages \Deleted and expunges exactly them (UID EXPUNGE, UIDPLUS).</summary>
    public async Task UidDeleteAsync(IEnumerable<uint> uids, CancellationToken ct = default)
    {
        RequireSelected();
        if (!Supports("UIDPLUS"))
        {
            throw new ImapNotSupportedException("The IMAP server does not offer UIDPLUS (UID EXPUNGE).");
        }

        await UidExpungeInternalAsync(ImapUidSet.Format(uids), ct).ConfigureAwait(false);
    }

    private async Task UidExpungeInternalAsync(string set, CancellationToken ct)
    {
        await ExecuteAsync("UID STORE", [Raw($"UID STORE {set} +FLAGS.SILENT (\\Deleted)")], ct).ConfigureAwait(false);
        await ExecuteAsync("UID EXPUNGE", [Raw($"UID EXPUNGE {set}")], ct).ConfigureAwait(false);
    }

    private static ImapCopyResult? CopyResult(string? code, string? arguments)
    {
        if (code != "COPYUID" || arguments is null)
        {
            return null;
        }

        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
            || ImapUidSet.Parse(parts[1]) is not { } source || ImapUidSet.Parse(parts[2]) is not { } target || source.Count != target.Count)
        {
            return null;
        }

        return new ImapCopyResult(validity, source, target);
    }

    /// <summary>
    /// Stores a message in a mailbox (APPEND), e.g. a copy of a sent message. The bytes are sent as
    /// they are, from the stream's position to its end (a stream that cannot seek is first spooled
    /// to a temporary file, as IMAP needs the length up front). Returns where it went, with UIDPLUS.
    /// </summary>
    public async Task<ImapAppendResult?> AppendAsync(string mailbox, Stream message, IEnumerable<string>? flags = null,
        DateTimeOffset? internalDate = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Stream? spool = null;
        try
        {
            if (!message.CanSeek)
            {
                spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await message.CopyToAsync(spool, ct).ConfigureAwait(false);
                spool.Position = 0;
                message = spool;
            }

            var head = new StringBuilder(" ");
            var flagList = CheckFlags(flags ?? []);
            if (flagList.Count > 0)
            {
                head.Append('(').AppendJoin(' ', flagList).Append(") ");
            }

            if (internalDate is { } date)
            {
                head.Append('"').Append(ImapDates.Format(date)).Append("\" ");
            }

            var length = message.Length - message.Position;
            var done = await ExecuteAsync("APPEND", [Raw("APPEND "), MailboxName(mailbox), Raw(head.ToString()), Literal(message, length)], ct)
                .ConfigureAwait(false);
            if (done.Code == "APPENDUID" && done.CodeArguments?.Split(' ') is [var v, var u]
                && uint.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
                && uint.TryParse(u, NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                return new ImapAppendResult(validity, uid);
            }

            return null;
        }
        finally
        {
            if (spool is not null)
            {
                await spool.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // --- waiting --------------------------------------------------------------------------------------

    /// <summary>
    /// Waits in IDLE (RFC 2177) until the selected mailbox has more messages than when it began, or
    /// <paramref name="maxWait"/> passes (keep it under 29 minutes: servers drop idle clients after 30),
    /// or <paramref name="ct"/> is cancelled; then ends IDLE with DONE. Cancellation still ends IDLE
    /// cleanly before <see cref="OperationCanceledException"/> is thrown, so the connection stays usable.
    /// </summary>
    public async Task<ImapIdleResult> IdleAsync(TimeSpan maxWait, CancellationToken ct = default)
    {
        var mailbox = RequireSelected();
        if (!Supports("IDLE"))
        {
            throw new ImapNotSupportedException("The IMAP server does not offer IDLE; poll with NoopAsync instead.");
        }

        var start = mailbox.Exists;
        var tag = NextTag();
        var first = await _transport.RunAsync(async t =>
        {
            await _transport.WriteAsync(Encoding.ASCII.GetBytes($"{tag} IDLE\r\n"), t).ConfigureAwait(false);
            await _transport.FlushAsync(t).ConfigureAwait(false);
            return await ReadUntilAsync(tag, null, null, allowContinuation: true, t).ConfigureAwait(false);
        }, _options.CommandTimeout, "IDLE", ct).ConfigureAwait(false);
        if (first.Kind == ImapResponseKind.Tagged)
        {
            Complete("IDLE", first, authentication: false);
            return new ImapIdleResult(mailbox.Exists > start ? ImapIdleReason.NewMessages : ImapIdleReason.TimedOut, mailbox.Exists);
        }

        // One read stays pending while we wait: cancelling a read mid-way would leave the TLS stream
        // in an unknown state, so the wait is a race between it and a timer, and DONE is written
        // while the read is still pending (a stream allows one reader and one writer at a time).
        Task<ImapResponse>? pending = null;
        ImapResponse? tagged = null;
        try
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                stop.CancelAfter(maxWait);
                var timer = Task.Delay(Timeout.Infinite, stop.Token);
                while (mailbox.Exists <= start)
                {
                    pending ??= _reader.ReadAsync(null, CancellationToken.None);
                    if (await Task.WhenAny(pending, timer).ConfigureAwait(false) != pending)
                    {
                        break;
                    }

                    var response = await pending.ConfigureAwait(false);
                    pending = null;
                    if (response.Kind == ImapResponseKind.Tagged)
                    {
                        tagged = response;
                        break;
                    }

                    if (response.Kind == ImapResponseKind.Untagged)
                    {
                        HandleUntagged(response);
                    }
                }
            }

            if (tagged is null)
            {
                tagged = await _transport.RunAsync(async t =>
                {
                    await _transport.WriteAsync("DONE\r\n"u8.ToArray(), t).ConfigureAwait(false);
                    await _transport.FlushAsync(t).ConfigureAwait(false);
                    while (true)
                    {
                        var response = pending is not null
                            ? await pending.WaitAsync(t).ConfigureAwait(false)
                            : await _reader.ReadAsync(null, t).ConfigureAwait(false);
                        pending = null;
                        if (response.Kind == ImapResponseKind.Tagged)
                        {
                            return response.Tag == tag ? response : throw UnexpectedTag(response);
                        }

                        if (response.Kind == ImapResponseKind.Untagged)
                        {
                            HandleUntagged(response);
                        }
                    }
                }, _options.CommandTimeout, "IDLE (DONE)", CancellationToken.None).ConfigureAwait(false);
            }
            else if (tagged.Tag != tag)
            {
                throw UnexpectedTag(tagged);
            }
        }
        catch (Exception e) when (e is not ImapCommandException)
        {
            // The read left pending (if any) would race the next command: this connection is done.
            _transport.Fault();
            await _transport.DisposeAsync().ConfigureAwait(false);
            throw ClosedByServer(e);
        }

        Complete("IDLE", tagged, authentication: false);
        ct.ThrowIfCancellationRequested();
        return new ImapIdleResult(mailbox.Exists > start ? ImapIdleReason.NewMessages : ImapIdleReason.TimedOut, mailbox.Exists);
    }

    /// <summary>
    /// CREATE (RFC 3501 §6.3.3): makes a mailbox, for a folder processed mail is moved to. A
    /// mailbox that already exists is not an error here (the server's NO with [ALREADYEXISTS],
    /// RFC 5530): the caller wanted it to exist, and it does.
    /// </summary>
    public async Task CreateMailboxAsync(string mailbox, CancellationToken ct = default)
    {
        try
        {
            await ExecuteAsync("CREATE", [Raw("CREATE "), MailboxName(mailbox)], ct).ConfigureAwait(false);
        }
        catch (ImapNoException e) when (string.Equals(e.ResponseCode, "ALREADYEXISTS", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    /// <summary>DELETE (RFC 3501 §6.3.4): removes a mailbox and the messages in it.</summary>
    public async Task DeleteMailboxAsync(string mailbox, CancellationToken ct = default) =>
        await ExecuteAsync("DELETE", [Raw("DELETE "), MailboxName(mailbox)], ct).ConfigureAwait(false);

    /// <summary>NOOP: lets the server report what changed (new messages update <see cref="SelectedMailbox"/>) and keeps the session alive.</summary>
    public Task NoopAsync(CancellationToken ct = default) => ExecuteAsync("NOOP", [Raw("NOOP")], ct);

    /// <summary>Says LOGOUT and closes the connection. <see cref="DisposeAsync"/> does this too, quietly.</summary>
    public async Task LogoutAsync(CancellationToken ct = default)
    {
        try
        {
            if (!_transport.IsFaulted)
            {
                _bye = "logged out";
                await ExecuteAsync("LOGOUT", [Raw("LOGOUT")], ct).ConfigureAwait(false);
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
                _bye = "logged out";
                await ExecuteAsync("LOGOUT", [Raw("LOGOUT")], cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException or InvalidOperationException
                                       or ObjectDisposedException or ImapCommandException)
        {
            // The connection ends either way.
        }
        finally
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A value as an IMAP quoted string ("a \"b\"" for a "b"), for search criteria. ASCII without line breaks only.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!CanQuote(value))
        {
            throw new ArgumentException("Only ASCII text without control characters can be quoted.", nameof(value));
        }

        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    private static bool CanQuote(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    // --- command machinery ----------------------------------------------------------------------------

    /// <summary>A piece of a command: text sent as is, or a literal (sent with {n} or {n+}).</summary>
    private readonly record struct Part(string? Text, byte[]? Bytes, Stream? Stream, long Length);

    private static Part Raw(string text) => new(text, null, null, 0);

    private static Part Literal(byte[] bytes) => new(null, bytes, null, bytes.Length);

    private static Part Literal(Stream stream, long length) => new(null, null, stream, length);

    /// <summary>An astring: quoted when it can be, a literal otherwise (non-ASCII, control characters).</summary>
    private static Part AString(string value) => CanQuote(value) ? Raw(Quote(value)) : Literal(Encoding.UTF8.GetBytes(value));

    private static Part MailboxName(string name) => AString(ImapMailboxName.Encode(name));

    private string NextTag() => "H" + (++_tag).ToString("D4", CultureInfo.InvariantCulture);

    private ImapMailbox RequireSelected() =>
        SelectedMailbox ?? throw new InvalidOperationException("No mailbox is selected: call SelectAsync first.");

    private async Task<ImapResponse> ExecuteAsync(string name, Part[] parts, CancellationToken ct, bool authentication = false,
        Action<ImapResponse>? untagged = null, ImapLiteralTarget? literalTarget = null, Func<ImapResponse, string>? onContinuation = null)
    {
        try
        {
            var done = await _transport.RunAsync(async t =>
            {
                var tag = NextTag();
                await _transport.WriteAsync(Encoding.ASCII.GetBytes(tag + " "), t).ConfigureAwait(false);
                foreach (var part in parts)
                {
                    if (part.Text is not null)
                    {
                        await _transport.WriteAsync(Encoding.UTF8.GetBytes(part.Text), t).ConfigureAwait(false);
                        continue;
                    }

                    var nonSynchronizing = Supports("LITERAL+") || (Supports("LITERAL-") && part.Length <= 4096);
                    var header = $"{{{part.Length.ToString(CultureInfo.InvariantCulture)}{(nonSynchronizing ? "+" : "")}}}\r\n";
                    await _transport.WriteAsync(Encoding.ASCII.GetBytes(header), t).ConfigureAwait(false);
                    if (!nonSynchronizing)
                    {
                        await _transport.FlushAsync(t).ConfigureAwait(false);
                        var go = await ReadUntilAsync(tag, untagged, literalTarget, allowContinuation: true, t).ConfigureAwait(false);
                        if (go.Kind == ImapResponseKind.Tagged)
                        {
                            return go;
                        }
                    }

                    await WriteLiteralAsync(part, t).ConfigureAwait(false);
                }

                await _transport.WriteAsync("\r\n"u8.ToArray(), t).ConfigureAwait(false);
                await _transport.FlushAsync(t).ConfigureAwait(false);
                while (true)
                {
                    var response = await ReadUntilAsync(tag, untagged, literalTarget, allowContinuation: onContinuation is not null, t)
                        .ConfigureAwait(false);
                    if (response.Kind == ImapResponseKind.Tagged)
                    {
                        return response;
                    }

                    await _transport.WriteAsync(Encoding.UTF8.GetBytes(onContinuation!(response) + "\r\n"), t).ConfigureAwait(false);
                    await _transport.FlushAsync(t).ConfigureAwait(false);
                }
            }, _options.CommandTimeout, name, ct).ConfigureAwait(false);
            return Complete(name, done, authentication);
        }
        catch (MailConnectionClosedException e)
        {
            throw ClosedByServer(e);
        }
    }

    private Exception ClosedByServer(Exception e) =>
        e is MailConnectionClosedException && _bye is not null && _bye != "logged out"
            ? new MailConnectionClosedException($"The IMAP server closed the connection: {_bye}")
            : e;

    private async Task WriteLiteralAsync(Part part, CancellationToken ct)
    {
        if (part.Bytes is not null)
        {
            await _transport.WriteAsync(part.Bytes, ct).ConfigureAwait(false);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var left = part.Length;
            while (left > 0)
            {
                var read = await part.Stream!.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    // The length was announced; a stream that ends early cannot be sent correctly.
                    _transport.Fault();
                    throw new IOException($"The message stream ended {left} bytes before its announced length.");
                }

                await _transport.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads responses, handling untagged ones, until the tagged completion of <paramref name="tag"/> (or a continuation, when allowed).</summary>
    private async Task<ImapResponse> ReadUntilAsync(string tag, Action<ImapResponse>? untagged, ImapLiteralTarget? literalTarget,
        bool allowContinuation, CancellationToken ct)
    {
        while (true)
        {
            var response = await _reader.ReadAsync(literalTarget, ct).ConfigureAwait(false);
            switch (response.Kind)
            {
                case ImapResponseKind.Continuation when allowContinuation:
                    return response;
                case ImapResponseKind.Continuation:
                    _transport.Fault();
                    throw new MailProtocolException($"Unexpected continuation request from the IMAP server: '{response.Text}'.");
                case ImapResponseKind.Tagged:
                    return response.Tag == tag ? response : throw UnexpectedTag(response);
                default:
                    HandleUntagged(response);
                    untagged?.Invoke(response);
                    break;
            }
        }
    }

    private MailProtocolException UnexpectedTag(ImapResponse response)
    {
        _transport.Fault();
        return new MailProtocolException($"The IMAP server completed a command this client did not send: '{response}'.");
    }

    private ImapResponse Complete(string name, ImapResponse done, bool authentication)
    {
        ApplyCode(done.Code, done.CodeArguments);
        return done.Status switch
        {
            "OK" => done,
            "NO" when authentication => throw new ImapAuthenticationException(name, done.Code, done.Text),
            "NO" => throw new ImapNoException(name, done.Code, done.Text),
            _ => throw new ImapBadException(name, done.Code, done.Text),
        };
    }

    /// <summary>Keeps the client's state in step with what the server reports, whichever command it reports it with.</summary>
    private void HandleUntagged(ImapResponse response)
    {
        if (response.Status is not null)
        {
            ApplyCode(response.Code, response.CodeArguments);
            if (response.Status == "BYE" && _bye != "logged out")
            {
                _bye = response.Text;
            }

            return;
        }

        var mailbox = SelectedMailbox;
        switch (response.DataName)
        {
            case "CAPABILITY":
                SetCapabilities(response.Data.Skip(1).Select(t => t.AsString()).OfType<string>());
                break;
            case "EXISTS" when mailbox is not null && response.TryGetNumber(out var n):
                mailbox.Exists = (uint)Math.Min(n, uint.MaxValue);
                break;
            case "RECENT" when mailbox is not null && response.TryGetNumber(out var n):
                mailbox.Recent = (uint)Math.Min(n, uint.MaxValue);
                break;
            case "EXPUNGE" when mailbox is not null && mailbox.Exists > 0:
                mailbox.Exists--;
                break;
            case "FLAGS" when mailbox is not null && response.Data.Count > 1 && response.Data[1].Kind == ImapTokenKind.List:
                mailbox.Flags = response.Data[1].Items!.Select(t => t.AsString()).OfType<string>().ToList();
                break;
        }
    }

    private void ApplyCode(string? code, string? arguments)
    {
        if (code is null)
        {
            return;
        }

        var mailbox = SelectedMailbox;
        switch (code)
        {
            case "CAPABILITY":
                SetCapabilities((arguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
                break;
            case "UIDVALIDITY" when mailbox is not null && uint.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                mailbox.UidValidity = n;
                break;
            case "UIDNEXT" when mailbox is not null && uint.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                mailbox.UidNext = n;
                break;
            case "UNSEEN" when mailbox is not null && uint.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                mailbox.FirstUnseen = n;
                break;
            case "HIGHESTMODSEQ" when mailbox is not null && ulong.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                mailbox.HighestModSeq = n;
                break;
            case "PERMANENTFLAGS" when mailbox is not null:
                mailbox.PermanentFlags = (arguments ?? "").Trim('(', ')', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                break;
            case "READ-ONLY" when mailbox is not null:
                mailbox.IsReadOnly = true;
                break;
            case "READ-WRITE" when mailbox is not null:
                mailbox.IsReadOnly = false;
                break;
        }
    }

    private void SetCapabilities(IEnumerable<string> capabilities)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var capability in capabilities)
        {
            if (!_ignored.Contains(capability))
            {
                set.Add(capability.ToUpperInvariant());
            }
        }

        _capabilities = set;
    }
}
