using System.Diagnostics;
using System.Text;
using Haumai.Mail.Imap;
using Haumai.Mail.Net;
using Haumai.Mail.Tests.Servers;

namespace Haumai.Mail.Tests.Imap;

/// <summary>
/// The response parser over in-memory bytes, and the client against a FAKE scripted server (see
/// <see cref="FakeServer"/>) for responses Dovecot will not produce on demand.
/// </summary>
public class ImapProtocolTests
{
    private static async Task<List<ImapResponse>> Parse(string text, ImapLiteralTarget? target = null, ImapReaderLimits? limits = null)
    {
        var transport = new MailTransport(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var reader = new ImapResponseReader(transport, limits ?? ImapReaderLimits.Default);
        var responses = new List<ImapResponse>();
        while (await transport.PeekByteAsync(CancellationToken.None) >= 0)
        {
            responses.Add(await reader.ReadAsync(target, CancellationToken.None));
        }

        return responses;
    }

    [Fact]
    public async Task Status_responses_codes_and_continuations()
    {
        var r = await Parse(
            "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n"
            + "* OK [PERMANENTFLAGS (\\Answered \\Seen \\*)] Flags permitted.\r\n"
            + "+ idling\r\n"
            + "+\r\n"
            + "H0001 NO [TRYCREATE] Mailbox doesn't exist: Lưu trữ\r\n"
            + "* BYE Server shutting down\n");

        r[0].Status.ShouldBe("OK");
        r[0].Code.ShouldBe("CAPABILITY");
        r[0].CodeArguments.ShouldBe("IMAP4rev1 LITERAL+ AUTH=PLAIN");
        r[0].Text.ShouldBe("Dovecot ready.");
        r[1].CodeArguments.ShouldBe("(\\Answered \\Seen \\*)");
        r[2].Kind.ShouldBe(ImapResponseKind.Continuation);
        r[2].Text.ShouldBe("idling");
        r[3].Kind.ShouldBe(ImapResponseKind.Continuation);
        r[4].Kind.ShouldBe(ImapResponseKind.Tagged);
        r[4].Tag.ShouldBe("H0001");
        r[4].Status.ShouldBe("NO");
        r[4].Code.ShouldBe("TRYCREATE");
        r[4].Text.ShouldBe("Mailbox doesn't exist: Lưu trữ");
        r[5].Status.ShouldBe("BYE");
    }

    [Fact]
    public async Task Fetch_with_quoted_escapes_nil_nested_lists_sections_and_literals()
    {
        var body = "Subject: {5}\r\n\r\n) ( \" \\ NIL\r\n";
        var text = "* 12 FETCH (UID 4827 FLAGS (\\Seen $Forwarded) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
                   + "ENVELOPE (\"date\" \"a \\\"quoted\\\" \\\\ subject\" NIL ((NIL NIL \"lan\" \"example.vn\")) NIL) "
                   + "BODY[HEADER.FIELDS (FROM TO)] {9}\r\nFrom: x\r\n "
                   + $"BODY[] {{{Encoding.UTF8.GetByteCount(body)}}}\r\n{body} RFC822.SIZE 42)\r\n";

        var r = (await Parse(text)).ShouldHaveSingleItem();

        r.DataName.ShouldBe("FETCH");
        r.TryGetNumber(out var sequence).ShouldBeTrue();
        sequence.ShouldBe(12ul);
        var items = r.Data[2].Items!;
        items.Select(i => i.Kind).ShouldBe([
            ImapTokenKind.Atom, ImapTokenKind.Atom, ImapTokenKind.Atom, ImapTokenKind.List, ImapTokenKind.Atom, ImapTokenKind.Quoted,
            ImapTokenKind.Atom, ImapTokenKind.List, ImapTokenKind.Atom, ImapTokenKind.Literal, ImapTokenKind.Atom, ImapTokenKind.Literal,
            ImapTokenKind.Atom, ImapTokenKind.Atom,
        ]);
        items[3].Items!.Select(f => f.Text).ShouldBe(["\\Seen", "$Forwarded"]);
        var envelope = items[7].Items!;
        envelope[1].Text.ShouldBe("a \"quoted\" \\ subject");
        envelope[2].Kind.ShouldBe(ImapTokenKind.Nil);
        envelope[3].Items![0].Items![2].Text.ShouldBe("lan");
        items[8].Text.ShouldBe("BODY[HEADER.FIELDS (FROM TO)]");
        items[9].AsString().ShouldBe("From: x\r\n");
        items[11].AsString().ShouldBe(body);
        items[13].Text.ShouldBe("42");
        ImapDates.Parse(items[5].Text).ShouldBe(new DateTimeOffset(1996, 7, 17, 2, 44, 25, TimeSpan.FromHours(-7)));
    }

    [Fact]
    public async Task A_literal_can_be_streamed_instead_of_kept()
    {
        var body = new string('x', 100_000);
        var sink = new MemoryStream();
        var seen = new List<string?>();

        var r = (await Parse($"* 1 FETCH (UID 9 BODY[] {{{body.Length}}}\r\n{body} FLAGS ())\r\nH1 OK done\r\n", (previous, length) =>
        {
            seen.Add(previous?.Text);
            length.ShouldBe(body.Length);
            return sink;
        }))[0];

        seen.ShouldBe(["BODY[]"]);
        r.Data[2].Items![3].Kind.ShouldBe(ImapTokenKind.StreamedLiteral);
        r.Data[2].Items![3].Length.ShouldBe(body.Length);
        Encoding.ASCII.GetString(sink.ToArray()).ShouldBe(body);
    }

    [Fact]
    public async Task Binary_literal8_and_non_synchronizing_markers_are_read()
    {
        var r = (await Parse("* 3 FETCH (BINARY[] ~{3}\r\na\0b UID 5)\r\n* SEARCH 1 4 9\r\n"));

        r[0].Data[2].Items![1].Bytes.ShouldBe("a\0b"u8.ToArray());
        r[1].DataName.ShouldBe("SEARCH");
        r[1].Data.Skip(1).Select(t => t.Text).ShouldBe(["1", "4", "9"]);
    }

    [Theory]
    [InlineData("* 1 FETCH (UID 1\r\n")]
    [InlineData("* 1 FETCH (SUBJECT \"unterminated)\r\n")]
    [InlineData("* 1 FETCH (BODY[] {x}\r\n)\r\n")]
    [InlineData("* 1 FETCH UID 1)\r\n")]
    [InlineData("H1 FETCH done\r\n")]
    [InlineData("* OK [ALERT unterminated\r\n")]
    public async Task Malformed_responses_are_protocol_errors(string text) =>
        await Should.ThrowAsync<MailProtocolException>(() => Parse(text));

    [Fact]
    public async Task Limits_bound_what_a_hostile_server_can_make_us_hold()
    {
        var limits = new ImapReaderLimits(MaxTokenLength: 100, MaxLiteralInMemory: 1000, MaxValues: 50, MaxDepth: 5);

        await Should.ThrowAsync<MailProtocolException>(() => Parse($"* OK {new string('a', 200)}\r\n", limits: limits));
        await Should.ThrowAsync<MailProtocolException>(() => Parse("* 1 FETCH (BODY[] {5000}\r\n", limits: limits));
        await Should.ThrowAsync<MailProtocolException>(() => Parse($"* SEARCH {string.Join(' ', Enumerable.Range(1, 60))}\r\n", limits: limits));
        await Should.ThrowAsync<MailProtocolException>(() => Parse("* X ((((((((a))))))))\r\n", limits: limits));
        await Should.ThrowAsync<MailConnectionClosedException>(() => Parse("* 1 FETCH (BODY[] {50}\r\nshort"));
    }

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Lưu trữ", "L&AbA-u tr&Hu8-")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [InlineData("A&B", "A&-B")]
    public void Mailbox_names_in_modified_utf7(string name, string encoded)
    {
        ImapMailboxName.Encode(name).ShouldBe(encoded);
        ImapMailboxName.Decode(encoded).ShouldBe(name);
    }

    [Fact]
    public void Uid_sets()
    {
        ImapUidSet.Format([7, 1, 2, 3, 9, 10, 3]).ShouldBe("1:3,7,9:10");
        ImapUidSet.Parse("1:3,7,10:9").ShouldBe([1u, 2, 3, 7, 10, 9]);
        ImapUidSet.Parse("1:*").ShouldBeNull();
        ImapUidSet.Parse("1:4000000000", maxCount: 1000).ShouldBeNull();
    }

    private static ImapClientOptions Options(FakeServer server, double timeoutSeconds = 5) => new()
    {
        Host = "127.0.0.1", Port = server.Port, Tls = MailTlsMode.None, AllowAuthenticationWithoutTls = true,
        CommandTimeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    [Fact]
    public async Task Login_quotes_specials_and_waits_for_the_go_ahead_before_a_literal()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("* OK [CAPABILITY IMAP4rev1] fake ready\r\n");
            var login = await c.ReadLineAsync();
            login.ShouldBe("H0001 LOGIN \"a \\\"b\\\" \\\\c\" {12}");
            await c.WriteAsync("+ go ahead\r\n");
            var password = await c.ReadBytesAsync(12);
            Encoding.UTF8.GetString(password).ShouldBe("mật khẩu");
            (await c.ReadLineAsync()).ShouldBe("");
            await c.WriteAsync("H0001 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
            (await c.ReadLineAsync()).ShouldBe("H0002 LOGOUT");
            await c.WriteAsync("* BYE bye\r\nH0002 OK done\r\n");
        });
        await using (var imap = await ImapClient.ConnectAsync(Options(server)))
        {
            await imap.LoginAsync("a \"b\" \\c", "mật khẩu");
            imap.Supports("IDLE").ShouldBeTrue();
        }

        await server.Completion;
    }

    [Fact]
    public async Task Unsolicited_responses_update_the_mailbox_during_other_commands()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("* PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] fake\r\n");
            (await c.ReadLineAsync()).ShouldBe("H0001 SELECT \"L&AbA-u tr&Hu8-\"");
            await c.WriteAsync("* FLAGS (\\Seen \\Deleted)\r\n* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1700000000] x\r\n"
                               + "* OK [UIDNEXT 42] x\r\nH0001 OK [READ-WRITE] Select completed\r\n");
            (await c.ReadLineAsync()).ShouldBe("H0002 UID FETCH 41 (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])");
            await c.WriteAsync("* 4 EXISTS\r\n* 1 FETCH (FLAGS (\\Seen) UID 7)\r\n* 2 EXPUNGE\r\n"
                               + "* 2 FETCH (UID 41 RFC822.SIZE 5 BODY[] {5}\r\nhello FLAGS ())\r\nH0002 OK Fetch completed\r\n");
            (await c.ReadLineAsync()).ShouldBe("H0003 APPEND \"INBOX\" (\\Seen) {3+}");
            (await c.ReadBytesAsync(3)).ShouldBe("abc"u8.ToArray());
            (await c.ReadLineAsync()).ShouldBe("");
            await c.WriteAsync("H0003 OK [APPENDUID 1700000000 43] Append completed\r\n");
            (await c.ReadLineAsync()).ShouldBe("H0004 UID STORE 41 +FLAGS.SILENT (\\Seen)");
            await c.WriteAsync("H0004 BAD Error in IMAP command\r\n");
            (await c.ReadLineAsync()).ShouldBe("H0005 LOGOUT");
            await c.WriteAsync("* BYE\r\nH0005 OK\r\n");
        });
        await using (var imap = await ImapClient.ConnectAsync(Options(server)))
        {
            imap.IsAuthenticated.ShouldBeTrue();
            var mailbox = await imap.SelectAsync("Lưu trữ");
            mailbox.Exists.ShouldBe(3u);
            mailbox.UidValidity.ShouldBe(1700000000u);
            mailbox.UidNext.ShouldBe(42u);
            mailbox.Flags.ShouldBe(["\\Seen", "\\Deleted"]);

            using var body = new MemoryStream();
            var summary = (await imap.UidFetchMessageAsync(41, body)).ShouldNotBeNull();
            summary.Uid.ShouldBe(41u);
            summary.SequenceNumber.ShouldBe(2u);
            body.ToArray().ShouldBe("hello"u8.ToArray());
            mailbox.Exists.ShouldBe(3u, "4 EXISTS then one EXPUNGE");

            (await imap.AppendAsync("INBOX", new MemoryStream("abc"u8.ToArray()), [ImapFlags.Seen]))
                .ShouldBe(new ImapAppendResult(1700000000, 43));
            var bad = await Should.ThrowAsync<ImapBadException>(() => imap.AddFlagsAsync([41], [ImapFlags.Seen]));
            bad.ServerText.ShouldBe("Error in IMAP command");
        }

        await server.Completion;
    }

    [Fact]
    public async Task A_silent_server_times_out_and_bye_at_greeting_is_refused()
    {
        await using (var silent = FakeServer.Start(c => c.StallAsync()))
        {
            var clock = Stopwatch.StartNew();
            await Should.ThrowAsync<MailTimeoutException>(() => ImapClient.ConnectAsync(Options(silent, timeoutSeconds: 1)));
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        }

        await using var busy = FakeServer.Start(async c =>
        {
            await c.WriteAsync("* BYE Too many connections\r\n");
            await c.StallAsync();
        });
        var e = await Should.ThrowAsync<MailConnectionClosedException>(() => ImapClient.ConnectAsync(Options(busy)));
        e.Message.ShouldContain("Too many connections");
    }

    [Fact]
    public async Task Credentials_are_never_sent_without_tls_unless_allowed()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake\r\n");
            await c.StallAsync();
        });
        var options = new ImapClientOptions { Host = "127.0.0.1", Port = server.Port, Tls = MailTlsMode.None };
        await using var imap = await ImapClient.ConnectAsync(options);

        await Should.ThrowAsync<MailSecurityException>(() => imap.AuthenticateAsync("user", "secret"));
        server.Received.ShouldBeEmpty();
    }
}
