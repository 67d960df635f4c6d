using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Haumai.Web.Data;

namespace Haumai.Bench;

/// <summary>
/// For each provider: generate, start the Release server as its own process (as in production:
/// its own GC, its own RSS), run the scenarios, stop it, and print one summary with the targets.
/// </summary>
public static class RunAll
{
    public static async Task<int> RunAsync(Args args, CancellationToken ct)
    {
        var providers = (args.Get("providers") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(GenerateOptions.ParseProvider).ToList();
        var tickets = args.Int("tickets", 1_000_000);
        var root = Path.GetFullPath(args.Get("data") ?? GenerateOptions.DefaultRoot);
        var connection = args.Get("connection");
        var port = args.Int("port", 5199);
        var skipGenerate = args.Flag("skip-generate");
        var seconds = args.Double("seconds", 20);
        var queueSeconds = args.Double("queue-seconds", 10);
        var warmup = args.Double("warmup", 5);
        var clients = args.Int("clients", 16);
        var scenarios = LoadOptions.ParseScenarios(args.Get("scenarios"));
        var seed = args.Int("seed", 20260101);
        args.EnsureAllUsed();

        var dll = ServerDll();
        var all = new List<(DatabaseProvider Provider, int Tickets, IReadOnlyList<ScenarioResult> Results, double MaxRss, TimeSpan? Generate)>();
        foreach (var provider in providers)
        {
            var options = GenerateOptions.Create(provider, tickets, Path.Combine(root, provider.ToString().ToLowerInvariant()), connection, seed);
            BenchInfo info;
            TimeSpan? generateTime = null;
            if (skipGenerate && File.Exists(options.InfoPath))
            {
                info = await Generator.ReadInfoAsync(options.InfoPath, ct);
                Console.WriteLine($"run-all: reusing the {provider} database ({info.Tickets:N0} tickets)");
            }
            else
            {
                var clock = Stopwatch.StartNew();
                info = await Generator.RunAsync(options, ct);
                generateTime = clock.Elapsed;
            }
            var url = new Uri($"http://127.0.0.1:{port}");
            using var server = await StartServerAsync(dll, options, url, ct);
            try
            {
                var load = new LoadOptions(url, info.AdminToken, info.AgentToken, info.RequestersFile, server.Id, seconds, queueSeconds, warmup,
                    clients, 500, 500_000, scenarios);
                using var test = new LoadTest(load);
                var results = await test.RunScenariosAsync(ct);
                all.Add((provider, info.Tickets, results, test.OverallMaxRssMb ?? 0, generateTime));
                await File.WriteAllTextAsync(Path.Combine(options.DataDirectory, "results.json"),
                    JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }), ct);
            }
            finally
            {
                StopServer(server);
            }
        }
        PrintSummary(all);
        return 0;
    }

    /// <summary>The server built by this project's build (Haumai.Web is a project reference, built in the same configuration).</summary>
    private static string ServerDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Haumai.slnx")))
        {
            dir = dir.Parent;
        }
        var dll = dir is null ? null : Path.Combine(dir.FullName, "src", "Haumai.Web", "bin", "Release", "net10.0", "Haumai.Web.dll");
        return dll is not null && File.Exists(dll)
            ? dll
            : throw new ArgumentException("src/Haumai.Web/bin/Release/net10.0/Haumai.Web.dll not found: run `dotnet build Haumai.slnx -c Release` first.");
    }

    private static async Task<Process> StartServerAsync(string dll, GenerateOptions options, Uri url, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", url.ToString().TrimEnd('/') },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Pages and their scripts and styles come from the project's wwwroot (as `dotnet run` serves
        // them); plain http on loopback needs cookies without the Secure flag.
        start.Environment["ASPNETCORE_CONTENTROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", ".."));
        start.Environment["Auth__AllowInsecureCookies"] = "true";
        start.Environment["Database__Provider"] = options.Provider.ToString();
        start.Environment["Storage__DataDirectory"] = options.DataDirectory;
        if (options.Provider == DatabaseProvider.Postgres)
        {
            start.Environment["ConnectionStrings__Haumai"] = options.ConnectionString;
        }
        var log = new StreamWriter(Path.Combine(options.DataDirectory, "server.log"), append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        process.OutputDataReceived += (_, e) => Log(log, e.Data);
        process.ErrorDataReceived += (_, e) => Log(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}; see {options.DataDirectory}/server.log.");
            }
            try
            {
                using var ready = await http.GetAsync("/health/ready", ct);
                if (ready.IsSuccessStatusCode)
                {
                    Console.WriteLine($"server: pid {process.Id} ready at {url} after {clock.Elapsed.TotalSeconds:F1} s, " +
                        $"RSS {RssSampler.ReadKb(process.Id) / 1024 ?? 0} MB");
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(250, ct);
        }
        StopServer(process);
        throw new InvalidOperationException($"The server was not ready within 60 s; see {options.DataDirectory}/server.log.");
    }

    private static void Log(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static void StopServer(Process server)
    {
        if (!server.HasExited)
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }
        Console.WriteLine($"server: pid {server.Id} stopped");
    }

    private static void PrintSummary(List<(DatabaseProvider Provider, int Tickets, IReadOnlyList<ScenarioResult> Results, double MaxRss, TimeSpan? Generate)> all)
    {
        Console.WriteLine();
        Console.WriteLine($"Summary: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores");
        Console.WriteLine("Targets: create ≥ 1000/s with p99 ≤ 50 ms at 16 clients; queue p1 and p500 p95 ≤ 20 ms; server RSS ≤ 300 MB.");
        foreach (var (provider, count, results, maxRss, generate) in all)
        {
            Console.WriteLine();
            Console.WriteLine($"== {provider}, {count:N0} tickets" + (generate is { } g ? $" (generated in {g.TotalSeconds:F0} s)" : ""));
            LoadTest.PrintTable(results, maxRss);
            foreach (var r in results)
            {
                var verdict = r.Name.StartsWith("create", StringComparison.Ordinal)
                    ? r.Throughput >= 1000 && r.P99 <= 50 && r.Errors == 0
                    : r.P95 <= 20 && r.Errors == 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(verdict ? "meets " : "MISSES")} {r.Name} ({r.Clients} clients)"));
            }
            Console.WriteLine($"  {(maxRss <= 300 ? "meets " : "MISSES")} RSS ≤ 300 MB (max {maxRss:F0} MB)");
        }
    }
}
