using System.Diagnostics;
using Haumai.Mail.Mime;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Bench.Mail;

/// <summary>
/// Issue 5's "end-to-end inbound (parse, thread, store) ≥ 200 messages per second on SQLite": each
/// message goes through <see cref="IngestMail.Handler.StoreAsync"/> then
/// <see cref="IngestMail.Handler.ProcessAsync"/> in its own DI scope, as <c>haumai mail ingest</c> does
/// for one message (minus the process start and the reading of standard input). The mix: 60% new
/// tickets (a fifth with a PNG and/or PDF attachment, a fifth Gmail-style), 40% customer replies,
/// half threaded by In-Reply-To/References to the thread's first message, half only by
/// "[#number]" in the subject (their In-Reply-To is unknown to Haumai).
/// </summary>
public static class MailInbound
{
    private sealed class Thread(MailboxAddress sender, string messageId, string subject)
    {
        public MailboxAddress Sender { get; } = sender;
        public string MessageId { get; } = messageId;
        public string Subject { get; } = subject;
        public TaskCompletionSource<long> TicketId { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One message to ingest. A "[#number]" reply is written when its turn comes, once the number is known.</summary>
    private sealed record Plan(string Kind, Thread Thread, byte[]? Bytes, int Index);

    public static async Task<int> RunAsync(Args args, CancellationToken ct)
    {
        var count = args.Int("messages", 5_000);
        var warmup = args.Int("warmup", 100);
        var workers = args.Int("workers", 1);
        var seed = args.Int("seed", 5);
        var data = Path.GetFullPath(args.Get("data") ?? Path.Combine(GenerateOptions.DefaultRoot, "mail-inbound"));
        var synchronous = args.Get("synchronous") ?? "FULL";
        var showSql = args.Flag("sql");
        var analyze = args.Flag("analyze");
        args.EnsureAllUsed();

        var plans = MakePlans(count + warmup, seed);
        var timer = new DbTimer();
        await using var app = await MailApp.BuildAsync(data, timer, synchronous, ct);
        Console.WriteLine($"mail-inbound: {count:N0} messages (+{warmup} warm-up, not counted) on a fresh SQLite file in {data}, " +
            $"synchronous={synchronous}, {workers} worker(s), {Environment.ProcessorCount} cores{(analyze ? ", ANALYZE after the warm-up" : "")}, load average {MailParse.LoadAverage()}; " +
            string.Join(", ", plans.Skip(warmup).GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}")));

        var latencies = new double[plans.Count];
        var storeTicks = 0L;
        var outcomes = new int[Enum.GetValues<IngestMail.Outcome>().Length];
        var misthreaded = 0;
        var next = -1;

        async Task Ingest(int i)
        {
            var plan = plans[i];
            var bytes = plan.Bytes ?? TagReply(plan, await plan.Thread.TicketId.Task);
            var start = Stopwatch.GetTimestamp();
            await using var scope = app.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<IngestMail.Handler>();
            var stored = await handler.StoreAsync(bytes, InboundSource.Pipe, ct);
            Interlocked.Add(ref storeTicks, Stopwatch.GetTimestamp() - start);
            var result = await handler.ProcessAsync(stored.Id, ct);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Interlocked.Increment(ref outcomes[(int)result.Outcome]);
            if (plan.Kind.StartsWith("new", StringComparison.Ordinal))
            {
                plan.Thread.TicketId.TrySetResult(result.TicketId ?? -1);
            }
            else if (result.TicketId != await plan.Thread.TicketId.Task)
            {
                Interlocked.Increment(ref misthreaded);
            }
            if (result.Outcome == IngestMail.Outcome.Parked)
            {
                Console.WriteLine($"  parked #{i} ({plan.Kind}): {result.Reason}");
            }
        }

        async Task Work()
        {
            // Claimed in arrival order; a reply waits (untimed) only if its thread's first message is still in the other worker's hands.
            for (var i = Interlocked.Increment(ref next); i < plans.Count; i = Interlocked.Increment(ref next))
            {
                await Ingest(i);
            }
        }

        // Warm-up (JIT, EF's model and query caches, SQLite's page cache): one worker, not counted.
        for (var i = 0; i < warmup; i++)
        {
            await Ingest(i);
        }
        next = warmup - 1;
        Array.Clear(outcomes);
        misthreaded = 0;
        storeTicks = 0;
        timer.Reset();
        if (analyze)
        {
            // What "PRAGMA optimize" (or ANALYZE) would give the planner on a live database: statistics.
            // Without them SQLite picks the low-selectivity index on state for the duplicate check.
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Haumai.Web.Data.HaumaiDb>().Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        int[] gcAtStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        var counted = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Work, ct)));
        var seconds = counted.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        var measured = latencies.Skip(warmup).Order().ToArray();
        Console.WriteLine($"  {count:N0} messages in {seconds:F2} s: {count / seconds:F1} messages/s; per message p50 {Percentile(measured, 0.50):F2} ms, " +
            $"p90 {Percentile(measured, 0.90):F2} ms, p99 {Percentile(measured, 0.99):F2} ms, max {measured[^1]:F2} ms; process CPU {cpu:F1} s ({cpu / seconds * 100:F0}% of one core)");
        Console.WriteLine($"  outcomes: {string.Join(", ", Enum.GetValues<IngestMail.Outcome>().Select(o => $"{o} {outcomes[(int)o]:N0}"))}; replies on the wrong ticket: {misthreaded}");
        Console.WriteLine($"  time: StoreAsync {storeTicks / (double)Stopwatch.Frequency / count * 1000:F2} ms/message; " +
            $"{timer.Commands / (double)count:F1} SQL commands per message executing {timer.CommandSeconds / count * 1000:F2} ms; " +
            $"{timer.Commits / (double)count:F1} commits per message taking {timer.CommitSeconds / count * 1000:F2} ms (summed over workers); " +
            $"{timer.Compilations} EF query compilations; GCs gen0/1/2 {GC.CollectionCount(0) - gcAtStart[0]}/{GC.CollectionCount(1) - gcAtStart[1]}/{GC.CollectionCount(2) - gcAtStart[2]}, " +
            $"allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocatedAtStart) / 1e6 / count:F2} MB per message");
        foreach (var group in plans.Skip(warmup).GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var l = group.Select(p => latencies[p.Index]).Order().ToArray();
            Console.WriteLine($"  {group.Key,-16} {l.Length,6:N0}: p50 {Percentile(l, 0.5),6:F2} ms, p99 {Percentile(l, 0.99),6:F2} ms, mean {l.Average(),6:F2} ms");
        }
        if (showSql)
        {
            foreach (var (sql, n, s) in timer.Statements)
            {
                Console.WriteLine($"  sql {n / (double)count,5:F2}/message {s / count * 1000,6:F3} ms/message: {sql.ReplaceLineEndings(" ")[..Math.Min(220, sql.Length)]}");
            }
        }
        var file = new FileInfo(Path.Combine(data, "haumai.db"));
        Console.WriteLine($"  database {file.Length / 1e6:F1} MB (+ WAL), peak RSS {SlaRecompute.Rss("VmHWM")} MB");
        return 0;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static readonly MailboxAddress Support = new("Hỗ trợ khách hàng", "hotro@haumai.vn");

    /// <summary>
    /// The messages in arrival order. A reply goes to a thread begun at least 20 messages earlier (so
    /// two workers never wait for each other in practice); senders come from a pool of count/3, so
    /// no sender nears the per-sender cap (20 an hour) that would park their mail.
    /// </summary>
    private static List<Plan> MakePlans(int count, int seed)
    {
        var random = new Random(seed);
        var senders = Enumerable.Range(0, Math.Max(count / 3, 10)).Select(i => MailSamples.Person(random, i)).ToArray();
        var threads = new List<Thread>();
        var plans = new List<Plan>(count);
        var date = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(7));
        for (var i = 0; i < count; i++)
        {
            var eligible = threads.Count - 20;
            var messageId = $"{i}.{seed}.{random.Next():x}@bench.haumai.test";
            var when = date.AddSeconds(i * 30);
            if (eligible > 0 && random.NextDouble() < 0.4)
            {
                var thread = threads[random.Next(eligible)];
                if (random.NextDouble() < 0.5)
                {
                    plans.Add(new Plan("reply-in-reply-to", thread,
                        MailSamples.Reply(random, thread.Sender, Support, when, messageId, thread.MessageId, subject: thread.Subject), i));
                }
                else
                {
                    plans.Add(new Plan("reply-[#number]", thread, null, i));
                }
                continue;
            }
            var sender = senders[random.Next(senders.Length)];
            var subject = Vietnamese.Subjects[random.Next(Vietnamese.Subjects.Length)] + $" ({i})";
            var t = new Thread(sender, messageId, subject);
            threads.Add(t);
            var pick = random.NextDouble();
            plans.Add(pick < 0.2
                ? new Plan("new+attachments", t, MailSamples.WithAttachments(random, sender, Support, when, messageId, subject), i)
                : pick < 0.4
                    ? new Plan("new-gmail-base64", t, MailSamples.GmailStyle(random, sender, Support, when, messageId), i)
                    : new Plan("new-text+html", t, MailSamples.Question(random, sender, Support, when, messageId, subject), i));
        }
        return plans;
    }

    /// <summary>A reply known only by "[#number]" in its subject: its In-Reply-To names a message Haumai never saw.</summary>
    private static byte[] TagReply(Plan plan, long ticketId) =>
        MailSamples.Reply(new Random(plan.Index), plan.Thread.Sender, Support, DateTimeOffset.UtcNow,
            $"{plan.Index}.tag@bench.haumai.test", $"unknown.{plan.Index}@mail.gmail.com", ticketId, plan.Thread.Subject);
}
