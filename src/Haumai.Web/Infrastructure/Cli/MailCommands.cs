using System.CommandLine;
using Haumai.Mail.Mime;
using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Infrastructure.Cli;

/// <summary>
/// <c>haumai mail …</c>: tools over the mail library. <c>inspect FILE</c> shows what Haumai made of a
/// message or an mbox (the formatting lives in <see cref="MimeInspector"/> so it is unit-tested there).
/// <c>inspect</c> needs no host, database or configuration; <c>ingest</c> (one message on standard
/// input, for a mail server's pipe) and <c>import FILE.mbox</c> build the host and store mail as tickets.
/// </summary>
public static class MailCommands
{
    public static Command Create()
    {
        var mail = new Command("mail", "Email tools.");
        var inspect = new Command("inspect", "Show the decoded headers and MIME tree of a message file or an mbox.");
        var file = new Argument<FileInfo>("FILE") { Description = "A message (RFC 5322) or an mbox file." };
        inspect.Arguments.Add(file);
        inspect.SetAction(pr =>
        {
            var info = pr.GetValue(file)!;
            if (!info.Exists)
            {
                Console.Error.WriteLine($"mail inspect: no such file: {info.FullName}");
                return 2;
            }
            try
            {
                using var stream = info.OpenRead();
                MimeInspector.Inspect(stream, Console.Out);
                return 0;
            }
            catch (MimeParseException e)
            {
                Console.Error.WriteLine($"mail inspect: {info.Name}: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"mail inspect: cannot read {info.FullName}: {e.Message}");
                return 2;
            }
            catch (UnauthorizedAccessException e)
            {
                Console.Error.WriteLine($"mail inspect: cannot read {info.FullName}: {e.Message}");
                return 2;
            }
        });
        mail.Subcommands.Add(inspect);

        var ingest = new Command("ingest", "Store one raw message read from standard input and make it a ticket or a reply (for a mail server's pipe).");
        ingest.SetAction(async (pr, ct) =>
        {
            try
            {
                return await WithServices((sp, c) => IngestAsync(sp, Console.OpenStandardInput(), Console.Out, Console.Error, c), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing was stored (the database or the configuration failed): the MTA keeps the message and retries.
                Console.Error.WriteLine($"mail ingest: temporary failure: {e.Message}");
                return ExTempFail;
            }
        });
        mail.Subcommands.Add(ingest);

        var import = new Command("import", "Bring in an old mailbox: every message of an mbox file becomes a ticket or a reply.");
        var mbox = new Argument<FileInfo>("FILE") { Description = "An mbox file." };
        import.Arguments.Add(mbox);
        import.SetAction(async (pr, ct) =>
        {
            var info = pr.GetValue(mbox)!;
            if (!info.Exists)
            {
                Console.Error.WriteLine($"mail import: no such file: {info.FullName}");
                return 2;
            }
            return await WithServices(async (sp, c) =>
            {
                await using var stream = info.OpenRead();
                return await ImportAsync(sp, stream, Console.Out, c);
            }, ct);
        });
        mail.Subcommands.Add(import);
        return mail;
    }

    /// <summary>sysexits.h EX_TEMPFAIL: Postfix and others keep the message and try the pipe again later.</summary>
    public const int ExTempFail = 75;

    /// <summary>sysexits.h EX_DATAERR: the message itself is unacceptable (too large); the MTA bounces it.</summary>
    public const int ExDataErr = 65;

    /// <summary>
    /// <c>mail ingest</c>: 0 once the message is stored (whatever processing makes of it: a message
    /// that fails there is parked, safe, for an admin), <see cref="ExTempFail"/> when it could not be stored.
    /// </summary>
    public static async Task<int> IngestAsync(IServiceProvider services, Stream input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var max = services.GetRequiredService<IOptions<InboundMailOptions>>().Value.MaxMessageBytes;
        var raw = await InboundMailFeature.ReadCappedAsync(input, max, ct);
        if (raw is null)
        {
            error.WriteLine($"mail ingest: the message is larger than {max} bytes.");
            return ExDataErr;
        }
        if (raw.Length == 0)
        {
            error.WriteLine("mail ingest: no message on standard input.");
            return ExDataErr;
        }
        var handler = services.GetRequiredService<IngestMail.Handler>();
        InboundMessage stored;
        try
        {
            stored = await handler.StoreAsync(raw, InboundSource.Pipe, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error.WriteLine($"mail ingest: temporary failure: {e.Message}");
            return ExTempFail;
        }
        var result = await handler.ProcessAsync(stored.Id, ct);
        output.WriteLine($"Stored inbound message {stored.Id}: {Describe(result)}");
        return 0;
    }

    /// <summary><c>mail import</c>: each message stored and processed in turn; the counts at the end.</summary>
    public static async Task<int> ImportAsync(IServiceProvider services, Stream mbox, TextWriter output, CancellationToken ct)
    {
        var handler = services.GetRequiredService<IngestMail.Handler>();
        var db = services.GetRequiredService<HaumaiDb>();
        int tickets = 0, replies = 0, ignored = 0, parked = 0;
        foreach (var raw in MboxMessages.Read(mbox))
        {
            var stored = await handler.StoreAsync(raw, InboundSource.Import, ct);
            var result = await handler.ProcessAsync(stored.Id, ct);
            // One long-lived context for thousands of messages would grow without end.
            db.ChangeTracker.Clear();
            switch (result.Outcome)
            {
                case IngestMail.Outcome.NewTicket: tickets++; break;
                case IngestMail.Outcome.Reply: replies++; break;
                case IngestMail.Outcome.Ignored: ignored++; break;
                default: parked++; break;
            }
        }
        output.WriteLine($"Imported {tickets + replies + ignored + parked} messages: {tickets} new tickets, {replies} replies, {ignored} ignored, {parked} parked.");
        return 0;
    }

    private static string Describe(IngestMail.Result result) => result.Outcome switch
    {
        IngestMail.Outcome.NewTicket => $"new ticket #{result.TicketId}",
        IngestMail.Outcome.Reply => $"reply on ticket #{result.TicketId}",
        IngestMail.Outcome.Ignored => $"ignored ({result.Reason})",
        _ => $"parked ({result.Reason})",
    };

    /// <summary>The host of the web app (configuration, database, migrations applied), as the other commands build it.</summary>
    private static async Task<int> WithServices(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHaumai();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        return await work(scope.ServiceProvider, ct);
    }
}
