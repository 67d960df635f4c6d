using System.Diagnostics;
using System.Text;
using Haumai.Mail.Net;
using Haumai.Mail.Smtp;
using Haumai.Mail.Tests.Servers;

namespace Haumai.Mail.Tests.Smtp;

/// <summary>
/// Protocol edge cases against a FAKE scripted server (see <see cref="FakeServer"/>): replies a real
/// Postfix will not give on demand, and the exact commands the client sends.
/// </summary>
public class SmtpProtocolTests
{
    private static SmtpClientOptions Options(FakeServer server, double timeoutSeconds = 5) => new()
    {
        Host = "127.0.0.1", Port = server.Port, Tls = MailTlsMode.None, LocalDomain = "client.test",
        CommandTimeout = TimeSpan.FromSeconds(timeoutSeconds), AllowAuthenticationWithoutTls = true,
    };

    /// <summary>Greets, answers EHLO with <paramref name="extensions"/>, then answers every command with 250 (354 for DATA) and records it.</summary>
    private static FakeServer Accepting(params string[] extensions) => FakeServer.Start(async c =>
    {
        await c.WriteAsync("220 fake ESMTP\r\n");
        while (await c.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("EHLO", StringComparison.Ordinal))
            {
                var lines = new[] { "fake" }.Concat(extensions).ToList();
                await c.WriteAsync(string.Concat(lines.Select((l, i) => $"250{(i == lines.Count - 1 ? ' ' : '-')}{l}\r\n")));
            }
            else if (line == "DATA")
            {
                await c.WriteAsync("354 go ahead\r\n");
                while (await c.ReadLineAsync() is { } data && data != ".")
                {
                }

                await c.WriteAsync("250 2.0.0 Ok: queued as ABC\r\n");
            }
            else if (line == "QUIT")
            {
                await c.WriteAsync("221 2.0.0 Bye\r\n");
                return;
            }
            else
            {
                await c.WriteAsync("250 2.1.0 Ok\r\n");
            }
        }
    });

    private static async Task<string> MailFromFor(byte[] message, bool seekable, params string[] extensions)
    {
        await using var server = Accepting(extensions);
        await using (var smtp = await SmtpClient.ConnectAsync(Options(server)))
        {
            Stream stream = seekable ? new MemoryStream(message) : new ForwardOnlyStream(message);
            (await smtp.SendAsync("a@b.test", ["c@d.test"], stream)).Sent.ShouldBeTrue();
        }

        await server.Completion;
        return server.Received.Single(l => l.StartsWith("MAIL FROM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mail_from_declares_size_8bitmime_and_smtputf8_only_when_needed()
    {
        var all = new[] { "SIZE 1000000", "8BITMIME", "SMTPUTF8", "PIPELINING" };
        var ascii = "Subject: hi\r\n\r\nhello\r\n"u8.ToArray();
        var eightBitBody = Encoding.UTF8.GetBytes("Subject: hi\r\n\r\nxin chào\r\n");
        var utf8Header = Encoding.UTF8.GetBytes("Subject: chào\r\n\r\nhello\r\n");

        (await MailFromFor(ascii, true, all)).ShouldBe($"MAIL FROM:<a@b.test> SIZE={ascii.Length}");
        (await MailFromFor(eightBitBody, true, all)).ShouldBe($"MAIL FROM:<a@b.test> SIZE={eightBitBody.Length} BODY=8BITMIME");
        (await MailFromFor(utf8Header, true, all)).ShouldBe($"MAIL FROM:<a@b.test> SIZE={utf8Header.Length} BODY=8BITMIME SMTPUTF8");
        (await MailFromFor(ascii, false, all)).ShouldBe("MAIL FROM:<a@b.test> BODY=8BITMIME");
        (await MailFromFor(ascii, true)).ShouldBe("MAIL FROM:<a@b.test>");
    }

    [Fact]
    public async Task An_8bit_message_to_a_server_without_8bitmime_is_refused_by_the_client()
    {
        await using var server = Accepting("SIZE 1000");
        await using var smtp = await SmtpClient.ConnectAsync(Options(server));

        await Should.ThrowAsync<SmtpNotSupportedException>(() =>
            smtp.SendAsync("a@b.test", ["c@d.test"], new MemoryStream(Encoding.UTF8.GetBytes("Subject: x\r\n\r\nchào\r\n"))));
        await Should.ThrowAsync<SmtpNotSupportedException>(() =>
            smtp.SendAsync("a@b.test", ["lan@khách.vn"], new MemoryStream("Subject: x\r\n\r\nx\r\n"u8.ToArray())));
    }

    [Fact]
    public async Task Multi_line_replies_helo_fallback_and_transient_errors()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("220-fake.test first line\r\n220-second line\r\n220 ready\r\n");
            (await c.ReadLineAsync()).ShouldBe("EHLO client.test");
            await c.WriteAsync("502 5.5.1 EHLO not implemented\r\n");
            (await c.ReadLineAsync()).ShouldBe("HELO client.test");
            await c.WriteAsync("250 fake.test\r\n");
            (await c.ReadLineAsync()).ShouldBe("MAIL FROM:<a@b.test>");
            await c.WriteAsync("451-4.3.0 Temporary lookup failure\r\n451 4.3.0 try again later\r\n");
            (await c.ReadLineAsync()).ShouldBe("QUIT");
            await c.WriteAsync("221 bye\r\n");
        });
        await using (var smtp = await SmtpClient.ConnectAsync(Options(server)))
        {
            smtp.Greeting.Lines.ShouldBe(["fake.test first line", "second line", "ready"]);
            smtp.Capabilities.IsExtended.ShouldBeFalse();

            var e = await Should.ThrowAsync<SmtpTransientException>(() =>
                smtp.SendAsync("a@b.test", ["c@d.test"], new MemoryStream("Subject: x\r\n\r\nx\r\n"u8.ToArray())));

            e.IsTransient.ShouldBeTrue();
            e.Reply.Code.ShouldBe(451);
            e.Reply.EnhancedStatus.ShouldBe("4.3.0");
            e.Reply.Lines.ShouldBe(["Temporary lookup failure", "try again later"]);
        }

        await server.Completion;
    }

    [Fact]
    public async Task Auth_login_exchange_and_421_closing()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("220 fake\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250-fake\r\n250 AUTH LOGIN\r\n");
            (await c.ReadLineAsync()).ShouldBe("AUTH LOGIN");
            await c.WriteAsync("334 VXNlcm5hbWU6\r\n");
            (await c.ReadLineAsync()).ShouldBe(Convert.ToBase64String(Encoding.UTF8.GetBytes("nhân viên")));
            await c.WriteAsync("334 UGFzc3dvcmQ6\r\n");
            (await c.ReadLineAsync()).ShouldBe(Convert.ToBase64String(Encoding.UTF8.GetBytes("mật khẩu")));
            await c.WriteAsync("235 2.7.0 Authentication successful\r\n");
            (await c.ReadLineAsync()).ShouldBe("NOOP");
            await c.WriteAsync("421 4.4.2 fake closing: idle too long\r\n");
        });
        await using var smtp = await SmtpClient.ConnectAsync(Options(server));

        await smtp.AuthenticateAsync("nhân viên", "mật khẩu");
        smtp.IsAuthenticated.ShouldBeTrue();
        var e = await Should.ThrowAsync<SmtpTransientException>(() => smtp.NoopAsync());
        e.Reply.Code.ShouldBe(421);
        smtp.IsConnected.ShouldBeFalse();
        await server.Completion;
    }

    [Fact]
    public async Task A_command_without_an_answer_times_out_and_the_client_is_closed()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("220 fake\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250 fake\r\n");
            await c.ReadLineAsync();
            await c.StallAsync();
        });
        await using var smtp = await SmtpClient.ConnectAsync(Options(server, timeoutSeconds: 1));
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<MailTimeoutException>(() => smtp.NoopAsync());

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        smtp.IsConnected.ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => smtp.NoopAsync());
    }

    [Fact]
    public async Task Garbage_instead_of_a_reply_is_a_protocol_error()
    {
        await using var server = FakeServer.Start(async c =>
        {
            await c.WriteAsync("HTTP/1.1 400 Bad Request\r\n");
            await c.StallAsync();
        });

        await Should.ThrowAsync<MailProtocolException>(() => SmtpClient.ConnectAsync(Options(server)));
    }

    [Fact]
    public async Task Starttls_is_required_when_asked_for()
    {
        await using var server = Accepting("SIZE 1000");
        var options = new SmtpClientOptions { Host = "127.0.0.1", Port = server.Port, Tls = MailTlsMode.StartTls };

        await Should.ThrowAsync<MailSecurityException>(() => SmtpClient.ConnectAsync(options));
    }

    [Theory]
    [InlineData("a\r\n.b\r\n", "a\r\n..b\r\n.\r\n")]
    [InlineData(".", "..\r\n.\r\n")]
    [InlineData("", ".\r\n")]
    [InlineData("x\n.\ny", "x\r\n..\r\ny\r\n.\r\n")]
    [InlineData("x\r.y\r\n\r\n", "x\r\n..y\r\n\r\n.\r\n")]
    [InlineData("no.dot.at.start\r\n", "no.dot.at.start\r\n.\r\n")]
    public void Dot_stuffing_and_line_ends_whatever_the_chunking(string input, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        for (var split = 1; split <= Math.Max(1, bytes.Length); split++)
        {
            var output = new List<byte>();
            bool atLineStart = true, afterCr = false;
            for (var i = 0; i < bytes.Length; i += split)
            {
                var chunk = bytes.AsSpan(i, Math.Min(split, bytes.Length - i));
                var buffer = new byte[chunk.Length * 2 + 2];
                var n = SmtpClient.Stuff(chunk, buffer, ref atLineStart, ref afterCr);
                output.AddRange(buffer.Take(n));
            }

            output.AddRange(atLineStart ? ".\r\n"u8.ToArray() : "\r\n.\r\n"u8.ToArray());
            Encoding.ASCII.GetString(output.ToArray()).ShouldBe(expected, $"chunks of {split}");
        }
    }

    /// <summary>A stream that cannot seek, as a message read from a network or a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
