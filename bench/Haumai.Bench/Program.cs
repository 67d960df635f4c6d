using System.Globalization;

namespace Haumai.Bench;

/// <summary>
/// haumai-bench: fills a database, drives a running server, and runs the micro-benchmarks.
/// Plain argument parsing on purpose: the options are few, and BenchmarkDotNet wants the raw
/// arguments after <c>micro</c> untouched.
/// </summary>
public static class Program
{
    private const string Usage = """
        Haumai benchmarks.

          generate --provider sqlite|postgres [--tickets N] [--data DIR | --connection CS] [--seed S] [--open-share F]
              Migrates a fresh database with the app's own migrations and bulk-loads N tickets
              (default 1000000), then creates an admin and a technical agent with API tokens
              (written to <data>/bench-info.json). --open-share 1.0 makes every ticket open
              (default: a mature desk's mix, 10-15% open).
          sla-recompute --provider sqlite|postgres [--tickets N] [--data DIR | --connection CS]
               [--open-share F] [--skip-generate [--no-reset]] [--passes P] [--calendar SLUG]
              Generates a database where every ticket is open (default --open-share 1.0; data in
              /tmp/haumai-bench/sla-<provider>), then times TicketSla.RecomputeOpenTicketsAsync through
              the app's services: pass 1 writes every due time and alarm, later passes find them current.
              A reused database (--skip-generate) has its due times set back to NULL and its pending alarms
              moved first, unless --no-reset. --calendar: a change of that calendar alone (default: all).
          load --url URL --token T [--agent-token T] [--requesters FILE] [--pid PID] [--seconds S]
               [--warmup S] [--clients N] [--scenarios create,queue]
              Runs the HTTP scenarios against a running server.
          run-all [--providers sqlite,postgres] [--tickets N] [--data DIR] [--connection CS] [--port P]
               [--seconds S] [--skip-generate]
              generate + start the Release server + load + stop, for each provider; prints a summary.
          mail-parse [--messages N] [--seconds S] [--warmup S] [--kind-seconds S] [--corpus DIR] [--seed S] [--kinds K1,K2]
              Issue 5: one thread parses the email corpus plus N generated support mails (default 2000)
              in memory, fully (headers, bodies decoded to text, attachments decoded); MB/s and messages/s.
              --kinds keeps some kinds only: corpus, text+html, reply-quoted, gmail-base64, attachments.
          mail-inbound [--messages N] [--warmup N] [--workers 1|2] [--data DIR] [--seed S] [--synchronous FULL|NORMAL|OFF] [--sql] [--analyze]
              Issue 5: a fresh SQLite database (the app's registrations and migrations), then N messages
              (default 5000: new tickets from many senders, replies by In-Reply-To and by [#number])
              stored and processed one by one as the pipe does; messages/s, p50/p99 per message.
          mail-memory [--mb N] [--data DIR] [--skip-ingest]
              Issue 5: a message with an N MB attachment (default 50) parsed from a file stream, then from
              a byte array, then through IngestMail; peak RSS and GC heap against the baseline.
          chat-load --url URL --token ADMIN_TOKEN [--pid PID] [--visitors N] [--active N] [--agents N] [--seconds S]
              Issue 6: N visitors connected to /hubs/chat (default 5000, mostly idle), --active of them
              (default 200) chatting with agents a message a second; delivery p50/p99 and the server's RSS.
              Start the server with Chat__ConnectionsPerMinutePerIp, Chat__StartsPerHourPerIp high (see bench/README.md).
          micro [BenchmarkDotNet arguments, e.g. --filter '*']
              BenchmarkDotNet micro-benchmarks (run with -c Release).
        """;

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            switch (args[0])
            {
                case "generate":
                    await Generator.RunAsync(GenerateOptions.From(new Args(args[1..])), cts.Token);
                    return 0;
                case "load":
                    await LoadTest.RunAsync(LoadOptions.From(new Args(args[1..])), cts.Token);
                    return 0;
                case "sla-recompute":
                    return await SlaRecompute.RunAsync(new Args(args[1..]), cts.Token);
                case "run-all":
                    return await RunAll.RunAsync(new Args(args[1..]), cts.Token);
                case "mail-parse":
                    return Mail.MailParse.Run(new Args(args[1..]));
                case "mail-inbound":
                    return await Mail.MailInbound.RunAsync(new Args(args[1..]), cts.Token);
                case "mail-memory":
                    return await Mail.MailMemory.RunAsync(new Args(args[1..]), cts.Token);
                case "chat-load":
                    return await ChatLoad.RunAsync(new Args(args[1..]), cts.Token);
                case "micro":
                    Micro.Run(args[1..]);
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown command '{args[0]}'.");
                    Console.Error.WriteLine(Usage);
                    return 1;
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}

/// <summary><c>--name value</c> pairs and bare <c>--flag</c>s; an unknown option is an error, not ignored.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Args(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
            var name = args[i][2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            _values[name] = value;
        }
    }

    public string? Get(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public int Int(string name, int fallback) => Get(name) is { } v
        ? int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
        : fallback;

    public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Call after reading every option: a misspelt option should stop the run, not be silently ignored.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("Unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
        }
    }
}
