using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Haumai.Bench;

public sealed record ScenarioResult(
    string Name, int Clients, long Requests, long Errors, double Seconds, double Throughput,
    double P50, double P95, double P99, double Max, double MaxRssMb, string? FirstError, string LoadAverage);

/// <summary>
/// The HTTP scenarios against a running server. Every scenario is bounded by time and by a request
/// count, has a warm-up whose requests are not counted, and records each request's latency
/// (until the whole body is read) for exact percentiles.
/// </summary>
public sealed class LoadTest : IDisposable
{
    private const string QueueUrl = "/api/v1/tickets?view=queue&limit=50";

    private static readonly string[] Categories =
        ["usage-guidance", "technical-fault", "question", "operations-incident", "complaint", "training-request", "warranty-claim", "paid-work-request", "sales-enquiry"];

    private static readonly string[] Priorities = ["urgent", "high", "medium", "low"];
    private static readonly string[] ChannelNames = ["email", "phone", "chat", "portal"];
    private static readonly string[] Tags = ["vip", "hosting", "email", "ten-mien", "thanh-toan", "ssl", "khan"];

    private readonly LoadOptions _options;
    private readonly HttpClient _admin;
    private readonly HttpClient? _agent;
    private readonly RssSampler? _rss;
    private readonly string[] _requesters;

    public LoadTest(LoadOptions options)
    {
        _options = options;
        // One handler per identity; enough pooled connections that no client waits for a socket.
        _admin = Client(options.Url, options.AdminToken, options.Clients);
        _agent = options.AgentToken is { } t ? Client(options.Url, t, options.Clients) : null;
        _rss = RssSampler.For(options.Pid ?? FindServerPid());
        _requesters = options.RequestersFile is { } f && File.Exists(f) ? File.ReadAllLines(f) : [];
    }

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadOptions options, CancellationToken ct)
    {
        using var test = new LoadTest(options);
        var results = await test.RunScenariosAsync(ct);
        PrintTable(results, test._rss?.OverallMaxMb);
        return results;
    }

    public double? OverallMaxRssMb => _rss?.OverallMaxMb;

    public async Task<IReadOnlyList<ScenarioResult>> RunScenariosAsync(CancellationToken ct)
    {
        Console.WriteLine($"load: {_options.Url}, server pid {_rss?.Pid.ToString(CultureInfo.InvariantCulture) ?? "unknown (no RSS)"}");
        var results = new List<ScenarioResult>();
        // Queue first, so that it reads the generated data set; creating adds open tickets to it.
        if (_options.Scenarios.Contains("queue"))
        {
            foreach (var (who, client, filter) in new[] { ("admin", _admin, ""), ("agent", _agent, "&team=technical") })
            {
                if (client is null)
                {
                    Console.WriteLine("  (no agent token: skipping the agent's queue)");
                    continue;
                }
                var first = QueueUrl + filter;
                var (deep, page) = await CursorForPageAsync(client, first, _options.QueuePage, ct);
                foreach (var clients in new[] { 1, _options.Clients })
                {
                    results.Add(await RunAsync($"queue p1 {who}{filter}", clients, _options.QueueSeconds,
                        (_, c) => GetAsync(client, first, c), ct));
                    results.Add(await RunAsync($"queue p{page} {who}{filter}", clients, _options.QueueSeconds,
                        (_, c) => GetAsync(client, deep, c), ct));
                }
            }
        }
        if (_options.Scenarios.Contains("pages"))
        {
            // Before "create", like the queue: the pages read the generated data set.
            results.AddRange(await PageScenarios.RunAsync(_options, _admin, _agent, RunAsync, ct));
        }
        if (_options.Scenarios.Contains("create"))
        {
            results.Add(await RunAsync("create ticket", _options.Clients, _options.CreateSeconds, CreateAsync, ct));
        }
        return results;
    }

    private static HttpClient Client(Uri url, string token, int clients)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients * 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Walks the queue from the first page, as a client paging through it would, to the URL of page <paramref name="page"/>.</summary>
    private static async Task<(string Url, int Page)> CursorForPageAsync(HttpClient client, string first, int page, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var url = first;
        var reached = 1;
        while (reached < page)
        {
            using var response = await client.GetAsync(url, ct);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            if (!json.RootElement.TryGetProperty("nextCursor", out var next) || next.ValueKind != JsonValueKind.String)
            {
                break;
            }
            url = first + "&cursor=" + Uri.EscapeDataString(next.GetString()!);
            reached++;
        }
        Console.WriteLine($"  walked {first} to page {reached} in {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalMilliseconds / reached:F1} ms/page)");
        return (url, reached);
    }

    internal static async Task<string?> GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
    }

    private async Task<string?> CreateAsync(Random random, CancellationToken ct)
    {
        // Mostly existing customers (the common case: a lookup), some new addresses (a user insert).
        var email = _requesters.Length > 0 && random.NextDouble() < 0.9
            ? _requesters[random.Next(_requesters.Length)]
            : $"khach.{Guid.NewGuid():N}"[..18] + "@gmail.com";
        var body = new
        {
            subject = Vietnamese.Subjects[random.Next(Vietnamese.Subjects.Length)],
            body = Vietnamese.Bodies[random.Next(Vietnamese.Bodies.Length)],
            priority = random.NextDouble() < 0.3 ? Priorities[random.Next(Priorities.Length)] : null,
            category = Categories[random.Next(Categories.Length)],
            requester = new { email, name = "Trần Văn Minh" },
            channel = random.NextDouble() < 0.5 ? ChannelNames[random.Next(ChannelNames.Length)] : null,
            tags = random.NextDouble() < 0.3 ? new[] { Tags[random.Next(Tags.Length)] } : null,
        };
        using var response = await _admin.PostAsJsonAsync("/api/v1/tickets", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == System.Net.HttpStatusCode.Created ? null : $"{(int)response.StatusCode} {text}";
    }

    /// <summary>
    /// <paramref name="clients"/> workers send requests back to back (closed loop) for the warm-up
    /// and then for <paramref name="seconds"/>, or until the request budget is spent.
    /// </summary>
    internal async Task<ScenarioResult> RunAsync(string name, int clients, double seconds,
        Func<Random, CancellationToken, Task<string?>> request, CancellationToken ct)
    {
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(_options.Warmup * Stopwatch.Frequency);
        long measureStart = 0;
        var end = warmupEnd + (long)(seconds * Stopwatch.Frequency);
        var budget = (long)_options.MaxRequests;
        long errors = 0;
        string? firstError = null;
        var latencies = new List<double>[clients];
        var workers = new Task[clients];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        for (var w = 0; w < clients; w++)
        {
            var mine = latencies[w] = new List<double>(16_384);
            var random = new Random(w * 7919 + name.Length);
            workers[w] = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    if (started >= end || (started >= warmupEnd && Interlocked.Decrement(ref budget) < 0))
                    {
                        return;
                    }
                    string? error;
                    try
                    {
                        error = await request(random, stop.Token);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
                    {
                        error = e.GetType().Name + ": " + e.Message;
                    }
                    if (started < warmupEnd)
                    {
                        continue;
                    }
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (error is not null)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, error.Length > 300 ? error[..300] : error, null);
                    }
                }
            }, CancellationToken.None);
        }
        await Task.Delay(TimeSpan.FromSeconds(_options.Warmup), ct);
        measureStart = Stopwatch.GetTimestamp();
        _rss?.Reset();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(measureStart).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var result = new ScenarioResult(name, clients, all.Length, errors, elapsed, all.Length / elapsed,
            Percentile(all, 50), Percentile(all, 95), Percentile(all, 99), all.Length == 0 ? 0 : all[^1], _rss?.MaxMb ?? 0, firstError, LoadAverage());
        Console.WriteLine($"  {Format(result)}");
        if (firstError is not null)
        {
            Console.WriteLine($"    first error: {firstError}");
        }
        return result;
    }

    /// <summary>The 1-minute load average at the end of a scenario: on a shared 2-core machine it says how much else was running.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Format(ScenarioResult r) =>
        $"{r.Name,-40} {r.Clients,3} cl {r.Requests,8:N0} req {r.Throughput,8:F0}/s  p50 {r.P50,7:F1}  p95 {r.P95,7:F1}  p99 {r.P99,7:F1}  max {r.Max,7:F1} ms  err {r.Errors,4}  rss {r.MaxRssMb,5:F0} MB  load {r.LoadAverage}";

    public static void PrintTable(IEnumerable<ScenarioResult> results, double? maxRss)
    {
        Console.WriteLine();
        Console.WriteLine($"{"scenario",-40} {"cl",3}    {"requests",8}     {"req/s",8}   {"p50",7}      {"p95",7}      {"p99",7}      {"max",7}         {"errors",4}   {"RSS",5}        {"load",4}");
        foreach (var r in results)
        {
            Console.WriteLine(Format(r));
        }
        if (maxRss is { } m)
        {
            Console.WriteLine($"server max RSS over the whole load: {m:F0} MB");
        }
    }

    /// <summary>The Haumai server on this machine, if exactly one is running.</summary>
    private static int? FindServerPid()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains("Haumai.Web.dll", StringComparison.Ordinal) || cmdline.Split('\0')[0].EndsWith("/Haumai.Web", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found.Count == 1 ? found[0] : null;
    }

    public void Dispose()
    {
        _admin.Dispose();
        _agent?.Dispose();
        _rss?.Dispose();
    }
}

/// <summary>Samples a process's resident set (VmRSS) every 100 ms; keeps the maximum since the last reset and overall.</summary>
public sealed class RssSampler : IDisposable
{
    private readonly Timer _timer;
    private long _maxKb;
    private long _overallKb;

    private RssSampler(int pid)
    {
        Pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public int Pid { get; }

    public double MaxMb => Interlocked.Read(ref _maxKb) / 1024.0;

    public double OverallMaxMb => Interlocked.Read(ref _overallKb) / 1024.0;

    public static RssSampler? For(int? pid) => pid is { } p && File.Exists($"/proc/{p}/status") ? new RssSampler(p) : null;

    public static long? ReadKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _maxKb, 0);
        Sample();
    }

    private void Sample()
    {
        if (ReadKb(Pid) is not { } kb)
        {
            return;
        }
        InterlockedMax(ref _maxKb, kb);
        InterlockedMax(ref _overallKb, kb);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public void Dispose() => _timer.Dispose();
}
