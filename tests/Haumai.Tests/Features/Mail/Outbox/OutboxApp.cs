using System.Net.Sockets;
using Haumai.Mail.Imap;
using Haumai.Mail.Net;
using Haumai.Tests.Support;
using Haumai.Web.Data;
using Microsoft.AspNetCore.Hosting;

namespace Haumai.Tests.Features.Mail.Outbox;

/// <summary>
/// The real Postfix and Dovecot on loopback (scripts/mail-servers.sh), read from the environment or
/// from the file it writes. Missing, they FAIL the tests with the way to start them: a green run
/// must mean mail really went through a real server.
/// </summary>
public sealed class TestMailServers
{
    private const string EnvFile = "/var/lib/haumai-test-mail/test-env";
    private static readonly Lazy<TestMailServers> Instance = new(() => new TestMailServers());
    private readonly Dictionary<string, string> _values = [];

    private TestMailServers()
    {
        if (File.Exists(EnvFile))
        {
            foreach (var line in File.ReadAllLines(EnvFile))
            {
                if (line.IndexOf('=') is var eq and > 0)
                {
                    _values[line[..eq]] = line[(eq + 1)..];
                }
            }
        }
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && k.StartsWith("HAUMAI_TEST_", StringComparison.Ordinal) && e.Value is string { Length: > 0 } v)
            {
                _values[k] = v;
            }
        }
        if (!_values.ContainsKey("HAUMAI_TEST_SMTP_HOST"))
        {
            throw new InvalidOperationException($"The outbox tests need the real Postfix and Dovecot on loopback, and there is no {EnvFile} (nor HAUMAI_TEST_SMTP_HOST).{Hint}");
        }
        foreach (var (host, port, what) in new[] { (SmtpHost, SmtpPort, "Postfix (SMTP)"), (ImapHost, ImapTlsPort, "Dovecot (IMAP, TLS)") })
        {
            try
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(host, port);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"{what} does not answer on {host}:{port} ({e.SocketErrorCode}).{Hint}");
            }
        }
    }

    private const string Hint = " Run `bash scripts/test.sh`, or as root `bash -c 'source scripts/mail-servers.sh && ensure_mail_servers'`, before `dotnet test`.";

    public static TestMailServers Current => Instance.Value;

    private string Get(string name) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new InvalidOperationException($"{name} is not set.{Hint}");

    public string SmtpHost => Get("HAUMAI_TEST_SMTP_HOST");
    public int SmtpPort => int.Parse(Get("HAUMAI_TEST_SMTP_PORT"));
    public string ImapHost => Get("HAUMAI_TEST_IMAP_HOST");
    public int ImapTlsPort => int.Parse(Get("HAUMAI_TEST_IMAP_TLS_PORT"));
    public string Domain => Get("HAUMAI_TEST_MAIL_DOMAIN");
    public string Support => Get("HAUMAI_TEST_MAIL_SUPPORT_USER");
    public string SupportPassword => Get("HAUMAI_TEST_MAIL_SUPPORT_PASSWORD");

    /// <summary>A third account (its password has non-ASCII letters and quotes): here, a customer's colleague.</summary>
    public string Colleague => Get("HAUMAI_TEST_MAIL_UNICODE_USER");
    public string ColleaguePassword => Get("HAUMAI_TEST_MAIL_UNICODE_PASSWORD");
    public string Customer => Get("HAUMAI_TEST_MAIL_CUSTOMER_USER");
    public string CustomerPassword => Get("HAUMAI_TEST_MAIL_CUSTOMER_PASSWORD");
    public string Certificate => Get("HAUMAI_TEST_MAIL_CERT");

    /// <summary>An IMAP session on the test Dovecot over TLS, logged in, nothing selected.</summary>
    public async Task<ImapClient> ImapAsync(string user, string password)
    {
        var imap = await ImapClient.ConnectAsync(new ImapClientOptions
        {
            Host = ImapHost,
            Port = ImapTlsPort,
            Tls = MailTlsMode.Implicit,
            TrustedCertificates = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Certificate)],
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(30),
        });
        await imap.AuthenticateAsync(user, password);
        return imap;
    }

    /// <summary>Waits for the message with this id in the customer's INBOX (Postfix delivers asynchronously) and returns its bytes.</summary>
    public Task<byte[]> WaitForCustomerMessageAsync(string messageId, TimeSpan? timeout = null) =>
        WaitForMessageAsync(Customer, CustomerPassword, "INBOX", messageId, timeout);

    /// <summary>Waits for the message with this id in a folder of an account and returns its bytes.</summary>
    public async Task<byte[]> WaitForMessageAsync(string user, string password, string folder, string messageId, TimeSpan? timeout = null)
    {
        await using var imap = await ImapAsync(user, password);
        await imap.SelectAsync(folder);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var uids = await imap.UidSearchAsync("HEADER Message-ID " + ImapClient.Quote(messageId));
            if (uids.Count > 0)
            {
                using var bytes = new MemoryStream();
                (await imap.UidFetchMessageAsync(uids[^1], bytes)).ShouldNotBeNull();
                return bytes.ToArray();
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message {messageId} reached {user}'s {folder}; see /var/lib/haumai-test-mail/log/postfix.log.");
            }
            await Task.Delay(200);
        }
    }
}

/// <summary>Haumai with mail on, sending through the test Postfix; the sender's loop is off, tests run it.</summary>
public abstract class OutboxApp : HaumaiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var servers = TestMailServers.Current;
        builder.UseSetting("Mail:Enabled", "true");
        builder.UseSetting("Mail:From", servers.Support);
        builder.UseSetting("Mail:FromName", "Hỗ trợ Haumai");
        builder.UseSetting("Mail:Domain", servers.Domain);
        builder.UseSetting("Mail:Smtp:Host", servers.SmtpHost);
        builder.UseSetting("Mail:Smtp:Port", servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Smtp:Tls", "StartTls");
        builder.UseSetting("Mail:Smtp:TrustedCertificatePath", servers.Certificate);
        builder.UseSetting("Mail:Smtp:LocalDomain", "tests.haumai.test");
        builder.UseSetting("Mail:Smtp:TimeoutSeconds", "10");
        builder.UseSetting("Mail:Outbox:IntervalSeconds", "0");
        builder.UseSetting("Mail:Inbound:TrustedCertificatePath", servers.Certificate);
    }
}

public sealed class OutboxSqliteApp : OutboxApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class OutboxPostgresApp : OutboxApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition("outbox-sqlite")]
public sealed class OutboxSqliteCollection : ICollectionFixture<OutboxSqliteApp>;

[CollectionDefinition("outbox-postgres")]
public sealed class OutboxPostgresCollection : ICollectionFixture<OutboxPostgresApp>;
