using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Haumai.Mail.Imap;
using Haumai.Mail.Mime;
using Haumai.Tests.Features.Mail.Outbox;
using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Infrastructure.Cli;

/// <summary>
/// Inbound mail as an operator runs it, in real processes: <c>haumai mail ingest</c> fed by a pipe,
/// and the server's own mailbox poller, killed (SIGKILL) and started again while mail keeps
/// arriving in Dovecot. Nothing is lost and nothing is doubled.
/// </summary>
public sealed class MailProcessTests : IDisposable
{
    private static TestMailServers Servers => TestMailServers.Current;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "haumai-tests", "mail-process-" + Guid.NewGuid().ToString("N"));
    private readonly HaumaiProcess _haumai;

    public MailProcessTests()
    {
        Directory.CreateDirectory(_directory);
        _haumai = new HaumaiProcess(_directory, new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = Path.Combine(_directory, "data"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Mail__Inbound__TrustedCertificatePath"] = Servers.Certificate,
            ["Mail__Inbound__Poller__RefreshSeconds"] = "1",
            ["Mail__Inbound__Poller__PollSeconds"] = "5",
        });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private HaumaiDb Db()
    {
        var options = new DbContextOptionsBuilder<HaumaiDb>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "data", "haumai.db")};Pooling=False");
        return new HaumaiDb(options.Options);
    }

    private async Task<int> TicketsAsync(string subject)
    {
        await using var db = Db();
        return await db.Tickets.CountAsync(t => t.Subject == subject);
    }

    private async Task WaitForTicketAsync(string subject, HaumaiProcess.Server server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await TicketsAsync(subject) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No ticket '{subject}' after 60 s.\n{server.Log}");
            }
            await Task.Delay(250);
        }
    }

    private static byte[] Mail(string subject, string? messageId = null)
    {
        var builder = new MessageBuilder
        {
            From = new MailboxAddress("Phạm Khách", $"khach-{Guid.NewGuid():N}"[..20] + "@quytrinh.vn"),
            Subject = subject,
            Date = DateTime.UtcNow,
            MessageId = messageId ?? $"{Guid.NewGuid():N}@quytrinh.vn",
            TextBody = "Xin chào, hệ thống kế toán báo lỗi khi khoá sổ.",
        };
        builder.To.Add(new MailboxAddress("Hỗ trợ", Servers.Support));
        return builder.ToBytes();
    }

    [Fact]
    public async Task Mail_ingest_reads_a_pipe_stores_once_and_speaks_sysexits()
    {
        (await _haumai.RunAsync("migrate")).ExitCode.ShouldBe(0);
        var subject = $"Khoá sổ lỗi {Guid.NewGuid():N}"[..24];
        var message = Mail(subject);

        var first = await _haumai.RunAsync(message, "mail", "ingest");
        first.ExitCode.ShouldBe(0, first.ToString());
        first.Output.ShouldContain("new ticket #", Case.Sensitive, first.ToString());

        // The MTA delivers the same message twice (a retry after a timeout): one ticket.
        var again = await _haumai.RunAsync(message, "mail", "ingest");
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Output.ShouldContain("ignored (duplicate", Case.Sensitive, again.ToString());
        (await TicketsAsync(subject)).ShouldBe(1);

        var empty = await _haumai.RunAsync([], "mail", "ingest");
        empty.ExitCode.ShouldBe(Haumai.Web.Infrastructure.Cli.MailCommands.ExDataErr, empty.ToString());
    }

    [Fact]
    public async Task The_server_reads_its_mailbox_and_a_kill_in_between_loses_and_doubles_nothing()
    {
        (await _haumai.RunAsync("migrate")).ExitCode.ShouldBe(0);
        (await _haumai.RunAsync("user", "create", "--email", "admin@quytrinh.vn", "--name", "Quản Trị", "--role", "admin")).ExitCode.ShouldBe(0);
        var token = (await _haumai.RunAsync("token", "create", "--user", "admin@quytrinh.vn", "--name", "test")).OutputLines[^1];
        var folder = $"Haumai-process-{Guid.NewGuid():N}"[..28];
        await using (var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword))
        {
            await imap.CreateMailboxAsync(folder);
        }

        var subjects = new List<string>();
        async Task DeliverAsync()
        {
            var subject = $"Sự cố kế toán {subjects.Count + 1} {Guid.NewGuid():N}"[..30];
            subjects.Add(subject);
            await using var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword);
            await imap.AppendAsync(folder, new MemoryStream(Mail(subject)));
        }

        await using (var server = await _haumai.StartServerAsync())
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var created = await http.PostAsJsonAsync("/api/v1/mailboxes", new
            {
                name = "Hỗ trợ kế toán", host = Servers.ImapHost, port = Servers.ImapTlsPort, tls = "implicit",
                userName = Servers.Support, password = Servers.SupportPassword, folder,
            });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

            // The poller picks the mailbox up within its refresh; IDLE brings each new message at once.
            await DeliverAsync();
            await WaitForTicketAsync(subjects[0], server);
            await DeliverAsync();
            await WaitForTicketAsync(subjects[1], server);
        } // killed, not stopped

        // Mail that arrives while Haumai is down waits in the mailbox.
        await DeliverAsync();
        await DeliverAsync();

        await using (var server = await _haumai.StartServerAsync())
        {
            await WaitForTicketAsync(subjects[2], server);
            await WaitForTicketAsync(subjects[3], server);
            // Marked \Seen on the server right after each commit (or, if the kill came in between, by the first pass after the restart).
            await using var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword);
            await imap.SelectAsync(folder);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await imap.UidSearchAsync("UNSEEN")).Count > 0)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "every message is marked seen once its ticket is committed");
                await Task.Delay(250);
                await imap.NoopAsync();
            }
        }

        foreach (var subject in subjects)
        {
            (await TicketsAsync(subject)).ShouldBe(1, subject);
        }
        await using (var db = Db())
        {
            (await db.Set<InboundMessage>().CountAsync()).ShouldBe(4);
            (await db.Set<InboundMessage>().CountAsync(m => m.State == InboundState.Processed)).ShouldBe(4);
        }
        await using (var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword))
        {
            await imap.SelectAsync(folder);
            (await imap.UidSearchAsync("ALL")).Count.ShouldBe(4);
        }
    }
}
