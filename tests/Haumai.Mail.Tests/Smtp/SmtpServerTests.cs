using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Haumai.Mail.Imap;
using Haumai.Mail.Net;
using Haumai.Mail.Smtp;
using Haumai.Mail.Tests.Servers;

namespace Haumai.Mail.Tests.Smtp;

/// <summary>The SMTP client against the real Postfix on loopback; delivery is checked by reading the mailbox from Dovecot.</summary>
[Collection(MailServerCollection.Name)]
public class SmtpServerTests
{
    private static MailServers Servers => MailServers.Current;

    [Fact]
    public async Task Starttls_auth_plain_delivers_lines_starting_with_a_dot_intact()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());
        smtp.IsSecure.ShouldBeTrue();
        smtp.Capabilities.AuthMechanisms.ShouldContain("PLAIN");
        smtp.Capabilities.SupportsPipelining.ShouldBeTrue();
        await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password, SmtpAuthMechanism.Plain);
        smtp.IsAuthenticated.ShouldBeTrue();

        var id = TestMail.NewMessageId();
        var body = ".\r\n..\r\n.hidden line\r\nnormal line\r\n. \r\n...three\r\nlast line without a dot\r\n";
        var message = TestMail.Create(Servers.Support.User, Servers.Customer.User, "Dot stuffing", body, id);

        var result = await smtp.SendAsync(Servers.Support.User, [Servers.Customer.User], new MemoryStream(message));

        result.Sent.ShouldBeTrue();
        result.DataReply!.Code.ShouldBe(250);
        result.DataReply.EnhancedStatus.ShouldBe("2.0.0");
        var delivered = await Servers.WaitForMessageAsync(Servers.Customer, id);
        TestMail.Body(delivered).ShouldBe(Encoding.UTF8.GetBytes(body));
        delivered.AsSpan().EndsWith(message).ShouldBeTrue("the message must arrive byte for byte after the headers the servers add");
    }

    [Fact]
    public async Task Starttls_auth_login_normalises_line_ends_and_stuffs_across_chunks()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());
        await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password, SmtpAuthMechanism.Login);

        // Bare LF and bare CR line ends, and dotted lines placed around the 32 KiB chunk boundaries.
        var body = new StringBuilder();
        for (var i = 0; body.Length < 200_000; i++)
        {
            body.Append(i % 7 == 0 ? "." : "").Append(new string('x', i % 97)).Append(i % 5 == 0 ? "\r" : "\n");
        }

        var id = TestMail.NewMessageId();
        var head = Encoding.UTF8.GetBytes($"From: {Servers.Support.User}\nTo: {Servers.Support.User}\nSubject: LF\nMessage-ID: {id}\n\n");
        var raw = head.Concat(Encoding.UTF8.GetBytes(body.ToString())).ToArray();

        var result = await smtp.SendAsync(Servers.Support.User, [Servers.Support.User], new MemoryStream(raw));

        result.Sent.ShouldBeTrue();
        var delivered = await Servers.WaitForMessageAsync(Servers.Support, id);
        var expected = body.ToString().Replace("\r\n", "\n").Replace("\r", "\n").Replace("\n", "\r\n");
        Encoding.UTF8.GetString(TestMail.Body(delivered)).ShouldBe(expected);
    }

    [Fact]
    public async Task Implicit_tls_sends()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp(MailTlsMode.Implicit));
        smtp.IsSecure.ShouldBeTrue();
        await smtp.AuthenticateAsync(Servers.Customer.User, Servers.Customer.Password);
        var id = TestMail.NewMessageId();
        var message = TestMail.Create(Servers.Customer.User, Servers.Support.User, "Implicit TLS", "Xin chào\r\n", id);

        var result = await smtp.SendAsync(Servers.Customer.User, [Servers.Support.User], new MemoryStream(message));

        result.Sent.ShouldBeTrue();
        (await Servers.WaitForMessageAsync(Servers.Support, id)).AsSpan().EndsWith(message).ShouldBeTrue();
    }

    [Fact]
    public async Task Vietnamese_utf8_headers_and_8bit_body_arrive_intact()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());
        smtp.Capabilities.Supports8BitMime.ShouldBeTrue();
        smtp.Capabilities.SupportsSmtpUtf8.ShouldBeTrue();
        await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);
        var id = TestMail.NewMessageId();
        var body = "Kính gửi quý khách,\r\nYêu cầu hỗ trợ của quý khách đã được tiếp nhận.\r\n.Dòng bắt đầu bằng dấu chấm\r\nTrân trọng,\r\nBộ phận hậu mãi\r\n";
        var message = TestMail.Create("\"Bộ phận hậu mãi\" <" + Servers.Support.User + ">", "\"Nguyễn Thị Lan\" <" + Servers.Customer.User + ">",
            "Yêu cầu #1024: Website báo lỗi 502", body, id);

        var result = await smtp.SendAsync(Servers.Support.User, [Servers.Customer.User], new MemoryStream(message));

        result.Sent.ShouldBeTrue();
        var delivered = await Servers.WaitForMessageAsync(Servers.Customer, id);
        delivered.AsSpan().EndsWith(message).ShouldBeTrue();
        Encoding.UTF8.GetString(TestMail.Body(delivered)).ShouldBe(body);
    }

    [Fact]
    public async Task A_refused_recipient_is_reported_and_the_others_still_get_the_message()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());
        await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);
        var unknown = "khong-ton-tai@" + Servers.Domain;
        var id = TestMail.NewMessageId();
        var message = TestMail.Create(Servers.Support.User, Servers.Customer.User, "Partly refused", "hello\r\n", id);

        var result = await smtp.SendAsync(Servers.Support.User, [unknown, Servers.Customer.User], new MemoryStream(message));

        result.Sent.ShouldBeTrue();
        result.Accepted.Select(r => r.Address).ShouldBe([Servers.Customer.User]);
        var refused = result.Refused.ShouldHaveSingleItem();
        refused.Address.ShouldBe(unknown);
        refused.Reply.Code.ShouldBe(550);
        refused.Reply.Kind.ShouldBe(SmtpReplyKind.Permanent);
        refused.Reply.EnhancedStatus.ShouldBe("5.1.1");
        await Servers.WaitForMessageAsync(Servers.Customer, id);
    }

    [Fact]
    public async Task When_every_recipient_is_refused_nothing_is_sent_and_the_connection_stays_usable()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());
        await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);

        var result = await smtp.SendAsync(Servers.Support.User, ["nobody@" + Servers.Domain],
            new MemoryStream(TestMail.Create("a@b.c", "d@e.f", "x", "x\r\n", TestMail.NewMessageId())));

        result.Sent.ShouldBeFalse();
        result.DataReply.ShouldBeNull();
        result.Refused.ShouldHaveSingleItem().Reply.Kind.ShouldBe(SmtpReplyKind.Permanent);
        await smtp.NoopAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_exception()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());

        var e = await Should.ThrowAsync<SmtpAuthenticationException>(() => smtp.AuthenticateAsync(Servers.Support.User, "wrong password"));

        e.Reply.Code.ShouldBe(535);
        e.Reply.EnhancedStatus.ShouldBe("5.7.8");
        e.IsTransient.ShouldBeFalse();
        e.Message.ShouldNotContain("wrong password");
        smtp.IsAuthenticated.ShouldBeFalse();
    }

    [Fact]
    public async Task A_message_over_the_announced_size_is_refused_at_mail_from_before_any_data()
    {
        await using var smtp = await SmtpClient.ConnectAsync(Servers.Smtp());
        smtp.Capabilities.MaxMessageSize.ShouldBe(Servers.SmtpSizeLimit);
        await smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password);
        var big = new byte[Servers.SmtpSizeLimit + 1000];
        Array.Fill(big, (byte)'a');
        var stream = new ReadCountingStream(big);

        var e = await Should.ThrowAsync<SmtpPermanentException>(() => smtp.SendAsync(Servers.Support.User, [Servers.Customer.User], stream));

        e.Command.ShouldBe("MAIL FROM");
        e.Reply.Code.ShouldBe(552);
        e.Reply.EnhancedStatus.ShouldBe("5.3.4");
        stream.Position.ShouldBe(0);
        await smtp.NoopAsync();
    }

    [Fact]
    public async Task Credentials_are_never_sent_without_tls_unless_allowed()
    {
        var options = Servers.Smtp(MailTlsMode.None);
        await using var smtp = await SmtpClient.ConnectAsync(options);
        smtp.IsSecure.ShouldBeFalse();

        await Should.ThrowAsync<MailSecurityException>(() => smtp.AuthenticateAsync(Servers.Support.User, Servers.Support.Password));
    }

    [Fact]
    public async Task The_certificate_is_checked_by_default()
    {
        var trusted = Servers.Smtp(MailTlsMode.Implicit);
        var untrusted = new SmtpClientOptions { Host = trusted.Host, Port = trusted.Port, Tls = MailTlsMode.Implicit };
        await Should.ThrowAsync<AuthenticationException>(() => SmtpClient.ConnectAsync(untrusted));

        // The right certificate under the wrong name is refused too.
        var wrongName = new SmtpClientOptions
        {
            Host = trusted.Host, Port = trusted.Port, Tls = MailTlsMode.Implicit, TrustedCertificates = trusted.TrustedCertificates,
            TlsServerName = "mail.example.vn",
        };
        await Should.ThrowAsync<AuthenticationException>(() => SmtpClient.ConnectAsync(wrongName));
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_configured_time()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptTcpClientAsync();
        var options = new SmtpClientOptions
        {
            Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Tls = MailTlsMode.None,
            CommandTimeout = TimeSpan.FromSeconds(1),
        };
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<MailTimeoutException>(() => SmtpClient.ConnectAsync(options));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await accepted).Dispose();
    }

    /// <summary>A stream that remembers how far it was read.</summary>
    private sealed class ReadCountingStream(byte[] data) : MemoryStream(data, writable: false);
}
