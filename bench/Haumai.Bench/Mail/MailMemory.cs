using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Haumai.Mail.Mime;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haumai.Bench.Mail;

/// <summary>
/// Issue 5's "memory flat while a 50 MB attachment passes through". A sampler thread reads VmRSS and
/// the GC's live heap every 2 ms; each phase reports its peak above the baseline taken just before it
/// (after a full collection). Three phases: the parser reading a file stream (the attachment should go
/// to a temporary file, read back through a stream); the parser over the whole message as a byte array;
/// and <see cref="IngestMail.Handler"/> store + process, as the pipe would call it.
/// </summary>
public static class MailMemory
{
    public static async Task<int> RunAsync(Args args, CancellationToken ct)
    {
        var megabytes = args.Int("mb", 50);
        var data = Path.GetFullPath(args.Get("data") ?? Path.Combine(GenerateOptions.DefaultRoot, "mail-memory"));
        var skipIngest = args.Flag("skip-ingest");
        args.EnsureAllUsed();

        Directory.CreateDirectory(data);
        var path = Path.Combine(data, $"attachment-{megabytes}mb.eml");
        if (!File.Exists(path))
        {
            WriteBigMessage(path, megabytes * 1_000_000L);
        }
        var size = new FileInfo(path).Length;
        Console.WriteLine($"mail-memory: {path}, {size / 1e6:F1} MB on disk ({megabytes} MB attachment in base64), " +
            $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, temp files in {Path.GetTempPath()}");

        using var sampler = new Sampler();
        // Warm the parser's code on a small message, so JIT is not counted in the first phase.
        MailParse.ParseFully(MailSamples.WithAttachments(new Random(1), MailSamples.Person(new Random(1), 1), MailSamples.Person(new Random(2), 2), DateTimeOffset.UtcNow, "warm@bench"));

        Phase(sampler, "parse from a file stream", () =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var message = MimeMessage.Load(stream);
            return Describe(message);
        });
        Phase(sampler, "parse from a byte[] (as IngestMail)", () =>
        {
            var raw = File.ReadAllBytes(path);
            using var message = MimeMessage.Load(raw);
            return Describe(message);
        });

        if (!skipIngest)
        {
            var timer = new DbTimer();
            await using var app = await MailApp.BuildAsync(Path.Combine(data, "app"), timer, "FULL", ct);
            var max = app.Services.GetRequiredService<IOptions<InboundMailOptions>>().Value.MaxMessageBytes;
            Console.WriteLine($"  IngestMail: Mail:Inbound:MaxMessageBytes is {max / 1e6:F1} MB, so the pipe (exit 65) and POST /api/v1/inbound/email (413) " +
                $"refuse this {size / 1e6:F1} MB message before StoreAsync{(size > max ? "" : " — no: it is under the limit")}. Called directly below, as with a raised limit:");
            // Warm-up with a small message: JIT, EF's model, the first queries.
            await IngestAsync(app, MailSamples.WithAttachments(new Random(3), MailSamples.Person(new Random(3), 3), MailSamples.Person(new Random(4), 4), DateTimeOffset.UtcNow, "warm2@bench"), ct);
            await PhaseAsync(sampler, "IngestMail store + process", async () =>
            {
                var raw = await File.ReadAllBytesAsync(path, ct);
                return await IngestAsync(app, raw, ct);
            });
        }
        return 0;
    }

    private static async Task<string> IngestAsync(Microsoft.AspNetCore.Builder.WebApplication app, byte[] raw, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<IngestMail.Handler>();
        var stored = await handler.StoreAsync(raw, InboundSource.Pipe, ct);
        var result = await handler.ProcessAsync(stored.Id, ct);
        return $"{result.Outcome}, ticket {result.TicketId}; {result.Reason}";
    }

    /// <summary>What a consumer does with such a message: the text body, and the attachment hashed through its stream.</summary>
    private static string Describe(MimeMessage message)
    {
        var text = message.TextBody?.Length ?? 0;
        var parts = new List<string>();
        foreach (var attachment in message.Attachments.OfType<MimePart>())
        {
            using var content = attachment.OpenContent();
            var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
            parts.Add($"{attachment.FileName} {attachment.Content.Length / 1e6:F1} MB, {(attachment.Content.IsOnDisk ? "in a temporary file" : "IN MEMORY")}, sha256 {hash}…");
        }
        return $"text body {text} chars; {string.Join("; ", parts)}";
    }

    private static void Phase(Sampler sampler, string name, Func<string> work) =>
        PhaseAsync(sampler, name, () => Task.FromResult(work())).GetAwaiter().GetResult();

    private static async Task PhaseAsync(Sampler sampler, string name, Func<Task<string>> work)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var (rss, heap) = sampler.Now();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        sampler.ResetPeak();
        var clock = Stopwatch.StartNew();
        var what = await work();
        var seconds = clock.Elapsed.TotalSeconds;
        var (peakRss, peakHeap) = sampler.Peak();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var (afterRss, afterHeap) = sampler.Now();
        Console.WriteLine($"  {name}: {seconds:F2} s; {what}");
        Console.WriteLine($"    RSS baseline {rss / 1e6:F0} MB, peak {peakRss / 1e6:F0} MB (+{(peakRss - rss) / 1e6:F1} MB), after a full GC {afterRss / 1e6:F0} MB; " +
            $"GC heap baseline {heap / 1e6:F1} MB, peak {peakHeap / 1e6:F1} MB (+{(peakHeap - heap) / 1e6:F1} MB), after {afterHeap / 1e6:F1} MB; " +
            $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F1} MB");
    }

    /// <summary>
    /// Writes the test message a line at a time (never the attachment as one array, so generating it
    /// does not itself raise the process's memory): text and HTML, then a PDF-like attachment in base64.
    /// </summary>
    private static void WriteBigMessage(string path, long attachmentBytes)
    {
        var random = new Random(50);
        var from = MailSamples.Person(random, 1);
        var boundary = MessageBuilder.GenerateBoundary();
        var small = new MessageBuilder
        {
            From = from,
            To = { new MailboxAddress("Hỗ trợ", "hotro@haumai.vn") },
            Subject = "Gửi file sao lưu cơ sở dữ liệu",
            Date = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(7)),
            MessageId = "big." + attachmentBytes + "@bench.haumai.test",
            TextBody = "Chào anh chị,\r\n\r\nEm gửi file sao lưu để bên mình kiểm tra giúp em.\r\n\r\nTrân trọng,\r\n" + from.Name,
        }.ToBytes();
        // The small message's headers up to MIME-Version; its single text part becomes the first part of a multipart/mixed.
        var text = Encoding.UTF8.GetString(small);
        var split = text.IndexOf("Content-Type:", StringComparison.Ordinal);
        using var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write(text[..split]);
            writer.Write($"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n");
            writer.Write(text[split..]);
            writer.Write($"\r\n--{boundary}\r\nContent-Type: application/pdf; name=\"sao-luu.pdf\"\r\nContent-Disposition: attachment; filename=\"sao-luu.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            var chunk = new byte[57 * 1024];
            var first = true;
            for (long written = 0; written < attachmentBytes; written += chunk.Length)
            {
                var n = (int)Math.Min(chunk.Length, attachmentBytes - written);
                random.NextBytes(chunk);
                if (first)
                {
                    "%PDF-1.7\n"u8.CopyTo(chunk);
                    first = false;
                }
                for (var offset = 0; offset < n; offset += 57)
                {
                    writer.Write(Convert.ToBase64String(chunk, offset, Math.Min(57, n - offset)));
                    writer.Write("\r\n");
                }
            }
            writer.Write($"--{boundary}--\r\n");
        }
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Samples VmRSS (/proc/self/statm) and the GC's live bytes every 2 ms on its own thread.</summary>
    private sealed class Sampler : IDisposable
    {
        private readonly System.Threading.Thread _thread;
        private readonly long _pageSize = Environment.SystemPageSize;
        private volatile bool _stop;
        private long _peakRss;
        private long _peakHeap;

        public Sampler()
        {
            _thread = new System.Threading.Thread(Loop) { IsBackground = true, Name = "memory sampler" };
            _thread.Start();
        }

        public (long Rss, long Heap) Now() => (Rss(), GC.GetTotalMemory(false));

        public void ResetPeak()
        {
            var (rss, heap) = Now();
            Interlocked.Exchange(ref _peakRss, rss);
            Interlocked.Exchange(ref _peakHeap, heap);
        }

        public (long Rss, long Heap) Peak()
        {
            Sample();
            return (Interlocked.Read(ref _peakRss), Interlocked.Read(ref _peakHeap));
        }

        private long Rss()
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * _pageSize;
        }

        private void Sample()
        {
            var (rss, heap) = Now();
            Max(ref _peakRss, rss);
            Max(ref _peakHeap, heap);
        }

        private static void Max(ref long target, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        private void Loop()
        {
            while (!_stop)
            {
                Sample();
                System.Threading.Thread.Sleep(2);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
