using System.Diagnostics;
using Haumai.Mail.Mime;

namespace Haumai.Bench.Mail;

/// <summary>
/// Issue 5's "parsing ≥ 200 MB/s of typical mail on one core": <see cref="ParseFully"/> over the email
/// corpus and a generated set (<see cref="MailSamples"/>), in memory, on one thread, for a fixed time
/// after a warm-up. MB/s counts the raw message bytes handed to the parser (1 MB = 10^6 bytes).
/// </summary>
public static class MailParse
{
    public const string DefaultCorpus = "/work/shared/corpus/email";

    public static int Run(Args args)
    {
        var count = args.Int("messages", 2_000);
        var seconds = args.Double("seconds", 15);
        var warmup = args.Double("warmup", 3);
        var kindSeconds = args.Double("kind-seconds", 2);
        var seed = args.Int("seed", 5);
        var corpusDir = args.Get("corpus") ?? DefaultCorpus;
        var kinds = args.Get("kinds")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        args.EnsureAllUsed();

        var mails = new List<SampleMail>(LoadCorpus(corpusDir));
        mails.AddRange(MailSamples.Generate(count, seed));
        if (kinds is not null)
        {
            // A subset (e.g. only the text mails) to see what the attachments' share of the bytes hides.
            mails.RemoveAll(m => !kinds.Contains(m.Kind, StringComparer.Ordinal));
        }
        var corpusCount = mails.Count(m => m.Kind == "corpus");
        var totalBytes = mails.Sum(m => (long)m.Bytes.Length);
        Console.WriteLine($"mail-parse: {mails.Count:N0} messages, {totalBytes / 1e6:F1} MB ({corpusCount} from {corpusDir}), " +
            $"{Environment.ProcessorCount} cores, one thread, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        foreach (var group in mails.GroupBy(m => m.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {group.Key,-14} {group.Count(),6:N0} messages, average {group.Average(m => m.Bytes.Length) / 1000,7:F1} KB");
        }

        Measure(mails, TimeSpan.FromSeconds(warmup), out _);
        var result = Measure(mails, TimeSpan.FromSeconds(seconds), out var perKind);
        Console.WriteLine($"  all            {result.Messages,8:N0} messages {result.Bytes / 1e6,9:F1} MB in {result.Seconds,5:F2} s: " +
            $"{result.Bytes / 1e6 / result.Seconds,7:F1} MB/s, {result.Messages / result.Seconds,8:N0} messages/s wall clock; " +
            $"parsing thread's CPU {result.ThreadCpuSeconds:F2} s: {result.Bytes / 1e6 / result.ThreadCpuSeconds:F1} MB/s, {result.Messages / result.ThreadCpuSeconds:N0} messages/s per CPU-second " +
            $"(process CPU {result.CpuSeconds:F2} s); allocated {result.Allocated / (double)result.Bytes:F2} bytes per input byte; load average {LoadAverage()}");
        // Each kind on its own, timed by the thread's CPU clock over the whole run (reading that clock
        // per message would cost more than parsing a small message).
        foreach (var group in mails.GroupBy(m => m.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var k = Measure(group.ToList(), TimeSpan.FromSeconds(kindSeconds), out _);
            Console.WriteLine($"  {group.Key,-14} {k.Messages,8:N0} messages {k.Bytes / 1e6,8:F1} MB: per thread-CPU-second {k.Bytes / 1e6 / k.ThreadCpuSeconds,7:F1} MB/s, " +
                $"{k.Messages / k.ThreadCpuSeconds,8:N0} messages/s, {k.ThreadCpuSeconds * 1e6 / k.Messages,7:F1} µs per message; " +
                $"wall clock {k.Bytes / 1e6 / k.Seconds,7:F1} MB/s; share of the mix's bytes {perKind[group.Key].Bytes * 100.0 / result.Bytes,4:F1}%");
        }
        return 0;
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The corpus files (messages and mbox files alike: the parser takes an mbox's first message), not its README and licence.</summary>
    public static IEnumerable<SampleMail> LoadCorpus(string dir)
    {
        if (!Directory.Exists(dir))
        {
            Console.WriteLine($"  (no corpus at {dir})");
            return [];
        }
        return Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new SampleMail("corpus", File.ReadAllBytes(f)));
    }

    /// <summary>
    /// What the inbound path reads of every message: the parse itself (headers unfolded, every leaf
    /// part's transfer encoding decoded into its storage), then the decoded subject, From, the
    /// threading ids, the date, the text and HTML bodies as strings in their charsets, and each
    /// attachment's name and size. The sum only keeps the JIT from dropping the work.
    /// </summary>
    public static long ParseFully(byte[] bytes)
    {
        using var message = MimeMessage.Load(bytes);
        long sum = message.Subject?.Length ?? 0;
        sum += message.From.Count;
        sum += message.MessageId?.Length ?? 0;
        sum += message.InReplyTo?.Length ?? 0;
        sum += message.References.Count;
        sum += message.Date?.Minute ?? 0;
        sum += message.TextBody?.Length ?? 0;
        sum += message.HtmlBody?.Length ?? 0;
        foreach (var attachment in message.Attachments)
        {
            sum += attachment.FileName?.Length ?? 0;
            if (attachment is MimePart part)
            {
                sum += part.Content.Length;
            }
        }
        return sum;
    }

    public sealed class Tally
    {
        public long Messages;
        public long Bytes;
        public long Ticks;

        public double Seconds => Ticks / (double)Stopwatch.Frequency;
    }

    public sealed record Totals(long Messages, long Bytes, double Seconds, double CpuSeconds, double ThreadCpuSeconds, long Allocated);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>
    /// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). On a machine shared with other
    /// work, wall-clock MB/s falls with the load while the parser's cost does not: this is the time the
    /// one core actually spent parsing, so MB per thread-CPU-second is the "one core" figure.
    /// </summary>
    public static double ThreadCpuSeconds()
    {
        const int ClockThreadCpuTimeId = 3;
        return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : double.NaN;
    }

    /// <summary>Round after round over the set (in its order, each round the same) until the time is up.</summary>
    private static Totals Measure(List<SampleMail> mails, TimeSpan duration, out Dictionary<string, Tally> perKind)
    {
        perKind = mails.Select(m => m.Kind).Distinct().ToDictionary(k => k, _ => new Tally(), StringComparer.Ordinal);
        long messages = 0, bytes = 0, sink = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var threadCpu = ThreadCpuSeconds();
        var clock = Stopwatch.StartNew();
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < stop)
        {
            foreach (var mail in mails)
            {
                var start = Stopwatch.GetTimestamp();
                sink += ParseFully(mail.Bytes);
                var tally = perKind[mail.Kind];
                tally.Ticks += Stopwatch.GetTimestamp() - start;
                tally.Messages++;
                tally.Bytes += mail.Bytes.Length;
                messages++;
                bytes += mail.Bytes.Length;
                if (start > stop)
                {
                    break;
                }
            }
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        GC.KeepAlive(sink);
        return new Totals(messages, bytes, elapsed, cpuSeconds, ThreadCpuSeconds() - threadCpu, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }
}
