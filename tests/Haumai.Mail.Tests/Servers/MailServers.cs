using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Haumai.Mail.Imap;
using Haumai.Mail.Net;
using Haumai.Mail.Smtp;

namespace Haumai.Mail.Tests.Servers;

public sealed record MailAccount(string User, string Password);

/// <summary>
/// The real Postfix and Dovecot on loopback that scripts/mail-servers.sh sets up (scripts/test.sh
/// calls it). Settings come from the HAUMAI_TEST_* variables it exports or, when a test run was
/// started by hand, from the file it writes ($HAUMAI_MAIL_DIR/test-env). Without either the tests
/// FAIL, never skip: a green run must mean the clients worked against real servers.
/// </summary>
public sealed class MailServers
{
    private const string EnvFile = "/var/lib/haumai-test-mail/test-env";
    private static readonly Lazy<MailServers> Instance = new(Load);

    private readonly Dictionary<string, string> _values;

    private MailServers(Dictionary<string, string> values)
    {
        _values = values;
        SmtpHost = Get("HAUMAI_TEST_SMTP_HOST");
        SmtpPort = int.Parse(Get("HAUMAI_TEST_SMTP_PORT"));
        SmtpTlsPort = int.Parse(Get("HAUMAI_TEST_SMTP_TLS_PORT"));
        SmtpSizeLimit = long.Parse(Get("HAUMAI_TEST_SMTP_SIZE_LIMIT"));
        ImapHost = Get("HAUMAI_TEST_IMAP_HOST");
        ImapPort = int.Parse(Get("HAUMAI_TEST_IMAP_PORT"));
        ImapTlsPort = int.Parse(Get("HAUMAI_TEST_IMAP_TLS_PORT"));
        Domain = Get("HAUMAI_TEST_MAIL_DOMAIN");
        Support = new MailAccount(Get("HAUMAI_TEST_MAIL_SUPPORT_USER"), Get("HAUMAI_TEST_MAIL_SUPPORT_PASSWORD"));
        Customer = new MailAccount(Get("HAUMAI_TEST_MAIL_CUSTOMER_USER"), Get("HAUMAI_TEST_MAIL_CUSTOMER_PASSWORD"));
        Unicode = new MailAccount(Get("HAUMAI_TEST_MAIL_UNICODE_USER"), Get("HAUMAI_TEST_MAIL_UNICODE_PASSWORD"));
        Certificate = X509CertificateLoader.LoadCertificateFromFile(Get("HAUMAI_TEST_MAIL_CERT"));
        Check(SmtpHost, SmtpPort, "Postfix (SMTP)");
        Check(SmtpHost, SmtpTlsPort, "Postfix (SMTP, implicit TLS)");
        Check(ImapHost, ImapPort, "Dovecot (IMAP)");
        Check(ImapHost, ImapTlsPort, "Dovecot (IMAP, implicit TLS)");
    }

    /// <summary>The servers, or an exception that says how to get them.</summary>
    public static MailServers Current => Instance.Value;

    public string SmtpHost { get; }
    public int SmtpPort { get; }
    public int SmtpTlsPort { get; }
    public long SmtpSizeLimit { get; }
    public string ImapHost { get; }
    public int ImapPort { get; }
    public int ImapTlsPort { get; }
    public string Domain { get; }

    /// <summary>The helpdesk's mailbox.</summary>
    public MailAccount Support { get; }

    /// <summary>A customer's mailbox.</summary>
    public MailAccount Customer { get; }

    /// <summary>An account whose password holds non-ASCII and IMAP special characters (LOGIN sends it as a literal).</summary>
    public MailAccount Unicode { get; }

    /// <summary>The servers' self-signed certificate, trusted by the tests explicitly (validation stays on).</summary>
    public X509Certificate2 Certificate { get; }

    public SmtpClientOptions Smtp(MailTlsMode tls = MailTlsMode.StartTls) => new()
    {
        Host = SmtpHost,
        Port = tls == MailTlsMode.Implicit ? SmtpTlsPort : SmtpPort,
        Tls = tls,
        TrustedCertificates = [Certificate],
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(20),
        LocalDomain = "tests.haumai.test",
    };

    public ImapClientOptions Imap(MailTlsMode tls = MailTlsMode.StartTls, params string[] ignored) => new()
    {
        Host = ImapHost,
        Port = tls == MailTlsMode.Implicit ? ImapTlsPort : ImapPort,
        Tls = tls,
        TrustedCertificates = [Certificate],
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(30),
        IgnoredCapabilities = ignored,
    };

    public async Task<ImapClient> OpenImapAsync(MailAccount account, string mailbox = "INBOX", MailTlsMode tls = MailTlsMode.Implicit)
    {
        var client = await ImapClient.ConnectAsync(Imap(tls));
        try
        {
            await client.AuthenticateAsync(account.User, account.Password);
            await client.SelectAsync(mailbox);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until a message with <paramref name="messageId"/> is in the account's INBOX (delivery by
    /// Postfix to Dovecot is asynchronous) and returns its bytes as Dovecot stores them.
    /// </summary>
    public async Task<byte[]> WaitForMessageAsync(MailAccount account, string messageId, TimeSpan? timeout = null)
    {
        await using var imap = await OpenImapAsync(account);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
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
                throw new TimeoutException($"No message {messageId} reached {account.User} in time; see /var/lib/haumai-test-mail/log/postfix.log.");
            }

            await Task.Delay(200);
        }
    }

    private string Get(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"{name} is not set.{Hint}");

    private const string Hint =
        " These tests need the real Postfix and Dovecot on loopback: run `bash scripts/test.sh` (it installs, configures and starts them), "
        + "or as root `bash -c 'source scripts/mail-servers.sh && ensure_mail_servers'` before `dotnet test`.";

    private static MailServers Load()
    {
        var values = new Dictionary<string, string>();
        if (File.Exists(EnvFile))
        {
            foreach (var line in File.ReadAllLines(EnvFile))
            {
                var eq = line.IndexOf('=');
                if (eq > 0)
                {
                    values[line[..eq]] = line[(eq + 1)..];
                }
            }
        }

        // Exported variables win over the file.
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("HAUMAI_TEST_", StringComparison.Ordinal) && entry.Value is string v && v.Length > 0)
            {
                values[key] = v;
            }
        }

        if (!values.ContainsKey("HAUMAI_TEST_SMTP_HOST"))
        {
            throw new InvalidOperationException("The mail test servers are not configured (no HAUMAI_TEST_SMTP_HOST, no " + EnvFile + ")." + Hint);
        }

        return new MailServers(values);
    }

    private static void Check(string host, int port, string what)
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

/// <summary>Tests against the shared servers run one class at a time: they share mailboxes and 2 CPU cores.</summary>
[CollectionDefinition(Name)]
public sealed class MailServerCollection
{
    public const string Name = "mail servers";
}
