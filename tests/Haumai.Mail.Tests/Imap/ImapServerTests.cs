using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Haumai.Mail.Imap;
using Haumai.Mail.Net;
using Haumai.Mail.Smtp;
using Haumai.Mail.Tests.Servers;

namespace Haumai.Mail.Tests.Imap;

/// <summary>The IMAP client against the real Dovecot on loopback (and Postfix, for delivery while idling).</summary>
[Collection(MailServerCollection.Name)]
public class ImapServerTests
{
    private static MailServers Servers => MailServers.Current;

    [Fact]
    public async Task Login_over_starttls_and_authenticate_plain_over_implicit_tls()
    {
        await using (var imap = await ImapClient.ConnectAsync(Servers.Imap(MailTlsMode.StartTls)))
        {
            imap.IsSecure.ShouldBeTrue();
            imap.Supports("IMAP4rev1").ShouldBeTrue();
            await imap.LoginAsync(Servers.Support.User, Servers.Support.Password);
            imap.IsAuthenticated.ShouldBeTrue();
            imap.Supports("IDLE").ShouldBeTrue();
        }

        await using (var imap = await ImapClient.ConnectAsync(Servers.Imap(MailTlsMode.Implicit)))
        {
            imap.IsSecure.ShouldBeTrue();
            imap.Supports("SASL-IR").ShouldBeTrue();
            await imap.AuthenticatePlainAsync(Servers.Customer.User, Servers.Customer.Password);
            imap.IsAuthenticated.ShouldBeTrue();
            await imap.LogoutAsync();
            imap.IsConnected.ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("LITERAL+ SASL-IR")]
    public async Task A_password_with_non_ascii_and_special_characters_logs_in_both_ways(string ignoredCapabilities)
    {
        var ignored = ignoredCapabilities.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Without LITERAL+ the LOGIN literal waits for the server's "+"; without SASL-IR the PLAIN
        // response waits for its challenge.
        await using (var imap = await ImapClient.ConnectAsync(Servers.Imap(MailTlsMode.Implicit, ignored)))
        {
            await imap.LoginAsync(Servers.Unicode.User, Servers.Unicode.Password);
            imap.IsAuthenticated.ShouldBeTrue();
        }

        await using (var imap = await ImapClient.ConnectAsync(Servers.Imap(MailTlsMode.Implicit, ignored)))
        {
            await imap.AuthenticatePlainAsync(Servers.Unicode.User, Servers.Unicode.Password);
            imap.IsAuthenticated.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_exception_with_the_server_text()
    {
        await using var imap = await ImapClient.ConnectAsync(Servers.Imap(MailTlsMode.Implicit));

        var e = await Should.ThrowAsync<ImapAuthenticationException>(() => imap.LoginAsync(Servers.Support.User, "sai mật khẩu"));

        e.Status.ShouldBe("NO");
        e.ResponseCode.ShouldBe("AUTHENTICATIONFAILED");
        e.ServerText.ShouldNotBeEmpty();
        imap.IsAuthenticated.ShouldBeFalse();
    }

    [Fact]
    public async Task Uidvalidity_is_stable_across_sessions_and_a_missing_mailbox_is_no()
    {
        uint validity;
        await using (var imap = await Servers.OpenImapAsync(Servers.Support))
        {
            var inbox = imap.SelectedMailbox.ShouldNotBeNull();
            inbox.UidValidity.ShouldBeGreaterThan(0u);
            inbox.UidNext.ShouldBeGreaterThan(0u);
            inbox.IsReadOnly.ShouldBeFalse();
            inbox.PermanentFlags.ShouldContain(ImapFlags.Seen);
            validity = inbox.UidValidity;

            var e = await Should.ThrowAsync<ImapNoException>(() => imap.SelectAsync("Không tồn tại"));
            e.ServerText.ShouldNotBeEmpty();
            imap.SelectedMailbox.ShouldBeNull();
        }

        await using (var imap = await ImapClient.ConnectAsync(Servers.Imap()))
        {
            await imap.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);
            var again = await imap.ExamineAsync("INBOX");
            again.UidValidity.ShouldBe(validity);
            again.IsReadOnly.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Append_search_fetch_store_and_move()
    {
        await using var imap = await Servers.OpenImapAsync(Servers.Support);
        var id = TestMail.NewMessageId();
        var message = TestMail.Create(Servers.Customer.User, Servers.Support.User, "Máy in không hoạt động",
            "Chào anh chị,\r\n.Máy in ở tầng 3 báo lỗi.\r\n", id);
        var date = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.FromHours(7));

        var appended = (await imap.AppendAsync("INBOX", new MemoryStream(message), internalDate: date)).ShouldNotBeNull();
        appended.UidValidity.ShouldBe(imap.SelectedMailbox!.UidValidity);
        var uid = appended.Uid;

        await imap.NoopAsync();
        (await imap.UidSearchAsync("UNSEEN")).ShouldContain(uid);
        (await imap.UidSearchAsync("HEADER Message-ID " + ImapClient.Quote(id))).ShouldBe([uid]);
        (await imap.UidSearchAsync($"UID {uid}:*")).ShouldContain(uid);

        using var fetched = new MemoryStream();
        var summary = (await imap.UidFetchMessageAsync(uid, fetched)).ShouldNotBeNull();
        fetched.ToArray().ShouldBe(message);
        summary.Uid.ShouldBe(uid);
        summary.Size.ShouldBe(message.Length);
        summary.InternalDate.ShouldBe(date);
        summary.IsSeen.ShouldBeFalse("BODY.PEEK[] leaves \\Seen alone");

        await imap.AddFlagsAsync([uid], [ImapFlags.Seen]);
        (await imap.UidSearchAsync("UNSEEN")).ShouldNotContain(uid);
        (await imap.UidFetchSummariesAsync([uid])).ShouldHaveSingleItem().IsSeen.ShouldBeTrue();

        var moved = (await imap.UidMoveAsync([uid], "Archive")).ShouldNotBeNull();
        moved.SourceUids.ShouldBe([uid]);
        (await imap.UidSearchAsync($"UID {uid}")).ShouldBeEmpty();
        (await imap.UidFetchMessageAsync(uid, Stream.Null)).ShouldBeNull();

        var archive = await imap.SelectAsync("Archive");
        archive.UidValidity.ShouldBe(moved.DestinationUidValidity);
        using var inArchive = new MemoryStream();
        (await imap.UidFetchMessageAsync(moved.DestinationUids[0], inArchive)).ShouldNotBeNull().IsSeen.ShouldBeTrue();
        inArchive.ToArray().ShouldBe(message);
        await imap.UidDeleteAsync(moved.DestinationUids);
        (await imap.UidSearchAsync("HEADER Message-ID " + ImapClient.Quote(id))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_move_a_message_is_copied_flagged_and_expunged_by_uid()
    {
        await using var imap = await ImapClient.ConnectAsync(Servers.Imap(MailTlsMode.Implicit, "MOVE"));
        await imap.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);
        await imap.SelectAsync("INBOX");
        imap.Supports("MOVE").ShouldBeFalse();
        var id = TestMail.NewMessageId();
        var uid = (await imap.AppendAsync("INBOX", new MemoryStream(TestMail.Create("a@b.test", "c@d.test", "copy", "x\r\n", id))))!.Uid;
        var before = imap.SelectedMailbox!.Exists;

        var moved = (await imap.UidMoveAsync([uid], "Archive")).ShouldNotBeNull();

        (await imap.UidSearchAsync($"UID {uid}")).ShouldBeEmpty();
        imap.SelectedMailbox.Exists.ShouldBeLessThan(before + 1);
        await imap.SelectAsync("Archive");
        (await imap.UidSearchAsync("HEADER Message-ID " + ImapClient.Quote(id))).ShouldBe(moved.DestinationUids);
        await imap.UidDeleteAsync(moved.DestinationUids);
    }

    [Fact]
    public async Task A_5_mb_message_streams_back_byte_for_byte_in_chunks()
    {
        await using var imap = await Servers.OpenImapAsync(Servers.Support);
        var id = TestMail.NewMessageId();
        var head = TestMail.Create("a@b.test", "c@d.test", "Big attachment", "", id);
        var random = new Random(5);
        var body = new StringBuilder();
        while (body.Length < 5 * 1024 * 1024)
        {
            body.Append(Convert.ToBase64String(RandomBytes(random, 57))).Append("\r\n");
        }

        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(head);
                await file.WriteAsync(Encoding.ASCII.GetBytes(body.ToString()));
            }

            byte[] expectedHash;
            long length;
            await using (var file = File.OpenRead(path))
            {
                length = file.Length;
                expectedHash = await SHA256.HashDataAsync(file);
            }

            uint uid;
            await using (var file = File.OpenRead(path))
            {
                uid = (await imap.AppendAsync("INBOX", file))!.Uid;
            }

            var sink = new HashingSink();
            var summary = (await imap.UidFetchMessageAsync(uid, sink)).ShouldNotBeNull();

            summary.Size.ShouldBe(length);
            sink.Length.ShouldBe(length);
            sink.Hash().ShouldBe(expectedHash);
            sink.Writes.ShouldBeGreaterThan(10, "the literal must arrive in pieces, not as one buffer");
            sink.LargestWrite.ShouldBeLessThanOrEqualTo(64 * 1024);
            await imap.UidDeleteAsync([uid]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Idle_wakes_up_when_a_message_is_delivered_by_smtp()
    {
        await using var imap = await Servers.OpenImapAsync(Servers.Customer);
        var id = TestMail.NewMessageId();
        var clock = Stopwatch.StartNew();
        var idle = imap.IdleAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(300);

        await using (var smtp = await SmtpClient.ConnectAsync(Servers.Smtp()))
        {
            await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);
            var message = TestMail.Create(Servers.Support.User, Servers.Customer.User, "Đánh thức IDLE", "Có thư mới.\r\n", id);
            (await smtp.SendAsync(Servers.Support.User, [Servers.Customer.User], new MemoryStream(message))).Sent.ShouldBeTrue();
        }

        var result = await idle;

        result.Reason.ShouldBe(ImapIdleReason.NewMessages);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        // Another test's delivery may have woken it first; ours arrives all the same.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<uint> found;
        while ((found = await imap.UidSearchAsync("HEADER Message-ID " + ImapClient.Quote(id))).Count == 0 && DateTime.UtcNow < deadline)
        {
            await imap.IdleAsync(TimeSpan.FromSeconds(2));
        }

        found.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Idle_returns_after_its_timeout_and_the_connection_stays_usable()
    {
        await using var imap = await Servers.OpenImapAsync(Servers.Unicode);
        var clock = Stopwatch.StartNew();

        var result = await imap.IdleAsync(TimeSpan.FromSeconds(1));

        result.Reason.ShouldBe(ImapIdleReason.TimedOut);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        await imap.NoopAsync();

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Should.ThrowAsync<OperationCanceledException>(() => imap.IdleAsync(TimeSpan.FromMinutes(1), cancel.Token));
        imap.IsConnected.ShouldBeTrue();
        await imap.NoopAsync();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Keeps only a hash and statistics of what is written: proof that nothing held the whole message.</summary>
    private sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public int Writes { get; private set; }
        public int LargestWrite { get; private set; }
        public override long Length => _length;
        private long _length;

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
