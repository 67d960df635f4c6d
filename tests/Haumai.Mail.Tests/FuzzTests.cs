using System.Diagnostics;
using Haumai.Mail.Mbox;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

/// <summary>
/// Random mutations of the corpus (fixed seed, about five seconds): the parser may only throw
/// <see cref="MimeParseException"/> (a limit was exceeded) and must always finish.
/// </summary>
public class FuzzTests
{
    [CorpusFact]
    public void Mutated_corpus_messages_never_crash_or_hang()
    {
        var seeds = Directory.GetFiles(Corpus.MimeKit).Where(f => !f.EndsWith("LICENSE.MimeKit", StringComparison.Ordinal))
            .Order().Select(File.ReadAllBytes).ToArray();
        var options = new MimeParserOptions { MaxHeaderBytes = 256 * 1024, MaxParts = 2_000, MemoryThreshold = 16 * 1024 };
        var iterations = 0;
        var limitHits = 0;
        string? failure = null;
        byte[] current = [];
        var worker = Task.Run(() =>
        {
            var random = new Random(20250314);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(5) && failure is null)
            {
                var input = Mutate(seeds[random.Next(seeds.Length)], random);
                current = input;
                try
                {
                    using (var message = MimeMessage.Load(input, options))
                    {
                        Touch(message);
                    }
                    if (iterations % 4 == 0)
                    {
                        foreach (var message in new MboxReader(new MemoryStream(input), MboxFormat.Auto, options).ReadMessages())
                        {
                            using (message)
                            {
                                Touch(message);
                            }
                        }
                        MimeInspector.Inspect(new MemoryStream(input), options);
                    }
                }
                catch (MimeParseException)
                {
                    limitHits++;
                }
                catch (Exception e)
                {
                    var path = Path.Combine(Path.GetTempPath(), $"haumai-fuzz-{iterations}.eml");
                    File.WriteAllBytes(path, input);
                    failure = $"iteration {iterations}: {e} (input saved to {path})";
                }
                iterations++;
            }
        });
        // The hang guard: the run is time-boxed at 5 s; a stuck parse would blow through this.
        if (!worker.Wait(TimeSpan.FromSeconds(20)))
        {
            var path = Path.Combine(Path.GetTempPath(), "haumai-fuzz-hang.eml");
            File.WriteAllBytes(path, current);
            Assert.Fail($"the fuzz run hung at iteration {iterations} (input saved to {path})");
        }
        failure.ShouldBeNull();
        iterations.ShouldBeGreaterThan(100);
    }

    private static void Touch(MimeMessage message)
    {
        _ = message.Subject;
        _ = message.From;
        _ = message.To;
        _ = message.Date;
        _ = message.References;
        _ = message.TextBody;
        _ = message.HtmlBody;
        foreach (var entity in message.AllEntities)
        {
            _ = entity.FileName;
            _ = entity.ContentId;
            _ = entity.IsAttachment;
            if (entity is MimePart part && part.ContentType.MimeType.StartsWith("message/", StringComparison.Ordinal))
            {
                _ = ReportFields.Parse(part);
            }
        }
    }

    private static readonly byte[][] Tokens =
    [
        "\r\n"u8.ToArray(), "\n"u8.ToArray(), "--"u8.ToArray(), "=?utf-8?B?"u8.ToArray(), "?="u8.ToArray(), "=?"u8.ToArray(),
        "Content-Type: multipart/mixed; boundary=x\r\n"u8.ToArray(), "\r\n--x\r\n"u8.ToArray(), "--x--"u8.ToArray(),
        "Content-Type: message/rfc822\r\n\r\n"u8.ToArray(), "Content-Transfer-Encoding: base64\r\n"u8.ToArray(),
        "Content-Transfer-Encoding: quoted-printable\r\n"u8.ToArray(), "*0*=utf-8''%E1%BA"u8.ToArray(), "=\r\n"u8.ToArray(),
        "(((("u8.ToArray(), "\""u8.ToArray(), "<"u8.ToArray(), ":;"u8.ToArray(), "From "u8.ToArray(), "Content-Length: 10\r\n"u8.ToArray(),
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE, 0x00], "\t"u8.ToArray(),
    ];

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        var count = random.Next(1, 12);
        for (var i = 0; i < count; i++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 1 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(random.Next(1, 64), data.Count - at));
                    break;
                case 2:
                    data.InsertRange(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 3 when data.Count > 0:
                    // Duplicate a slice (repeats boundaries and headers).
                    var length = Math.Min(random.Next(1, 400), data.Count - at);
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 4 when data.Count > 0:
                    data.RemoveRange(at, data.Count - at); // truncate
                    break;
                default:
                    data.Insert(at, (byte)"\r\n-=?:;\"<>()"[random.Next(12)]);
                    break;
            }
        }
        return data.ToArray();
    }
}
