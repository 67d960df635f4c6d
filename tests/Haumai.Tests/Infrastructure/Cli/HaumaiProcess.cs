using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Haumai.Tests.Infrastructure.Cli;

/// <summary>
/// The real, built Haumai executable (<c>dotnet Haumai.Web.dll</c>, copied next to the test
/// assembly by the project reference), run as a process in a working folder of its own and
/// configured by environment variables only, as an operator would.
/// </summary>
public sealed class HaumaiProcess(string workingDirectory, IReadOnlyDictionary<string, string> environment)
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static string Executable
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Haumai.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Haumai.Web.dll is not next to the test assembly.", dll);
        }
    }

    /// <summary>The dotnet host running the tests, so that the child runs on the same runtime.</summary>
    private static string DotnetHost =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";

    /// <summary>Settings the test process may carry that must not leak into the child.</summary>
    private static readonly string[] Scrubbed =
    [
        "ConnectionStrings__Haumai", "Database__Provider", "Database__MigrateOnStartup", "Storage__DataDirectory",
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS",
    ];

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var key in Scrubbed)
        {
            info.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return info;
    }

    public Task<Result> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs a command with <paramref name="input"/> on its standard input (as a mail server's pipe gives it), then closed.</summary>
    public async Task<Result> RunAsync(byte[]? input, params string[] args)
    {
        var info = StartInfo(args);
        info.RedirectStandardInput = input is not null;
        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"haumai {string.Join(' ', args)} did not finish in 120 s.\n{await output}\n{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the web server on a free local port and waits until <c>/health</c> answers.</summary>
    public async Task<Server> StartServerAsync()
    {
        var port = FreePort();
        var log = new StringBuilder();
        var process = new Process { StartInfo = StartInfo(["--urls", $"http://127.0.0.1:{port}"]) };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, new Uri($"http://127.0.0.1:{port}"), log);
        try
        {
            using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{server.Log}");
                }
                try
                {
                    if ((await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The server did not answer /health in 120 s:\n{server.Log}");
                }
                await Task.Delay(100);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public sealed class Server(Process process, Uri address, StringBuilder log) : IAsyncDisposable
    {
        public Uri Address => address;

        public string Log
        {
            get
            {
                lock (log)
                {
                    return log.ToString();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
            process.Dispose();
        }
    }
}
