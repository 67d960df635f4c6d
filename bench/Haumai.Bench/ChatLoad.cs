using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Haumai.Bench;

/// <summary>
/// Issue 6's load scenario against a running server: many connected visitors, most of them idle
/// (a widget open on a page), a few hundred in active chats exchanging a message a second each,
/// half of the seconds from the visitor, half from the agent. Both sides are raw WebSocket clients
/// speaking SignalR's JSON protocol (the SignalR .NET client is not in the package mirror), in this
/// process, so a message's delivery time is measured on one clock: from just before the sender's
/// invocation to the moment the other side reads it. The server's memory is sampled from /proc.
/// </summary>
public static class ChatLoad
{
    private const string Origin = "http://bench.haumai.test";

    public static async Task<int> RunAsync(Args args, CancellationToken ct)
    {
        var url = new Uri(args.Get("url") ?? throw new ArgumentException("--url of a running server is required."));
        var token = args.Get("token") ?? throw new ArgumentException("--token of an admin is required.");
        var visitors = args.Int("visitors", 5_000);
        var active = args.Int("active", 200);
        var agents = args.Int("agents", 10);
        var seconds = args.Int("seconds", 60);
        var pid = args.Get("pid") is { } p ? int.Parse(p) : (int?)null;
        args.EnsureAllUsed();
        if (active > visitors)
        {
            throw new ArgumentException("--active cannot be more than --visitors.");
        }

        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var teams = JsonNode.Parse(await http.GetStringAsync("/api/v1/teams", ct))!.AsArray();
        var teamId = teams.Count > 0 ? (int)teams[0]!["id"]! : throw new InvalidOperationException("The server has no team.");
        var created = await http.PostAsJsonAsync("/api/v1/chat/widgets", new { name = $"bench {DateTime.UtcNow:HHmmss}", teamId, allowedOrigins = new[] { Origin }, requireContact = false }, ct);
        created.EnsureSuccessStatusCode();
        var key = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(ct))!["key"]!;
        using var rss = RssSampler.For(pid);
        Console.WriteLine($"chat-load: {visitors:N0} visitors ({active} chatting), {agents} agent connections, {seconds} s, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");

        var ws = new Uri(url.ToString().Replace("http", "ws", StringComparison.Ordinal).TrimEnd('/'));
        var clock = Stopwatch.StartNew();
        var all = new ConcurrentQueue<Client>();
        // The server drops a client it has not heard from in 30 s: every connection pings from the start.
        using var pings = new Timer(_ => { foreach (var c in all) { c.Ping(); } }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var visitorList = new List<Client>(visitors);
        using (var gate = new SemaphoreSlim(64))
        {
            var connecting = Enumerable.Range(0, visitors).Select(async _ =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    var c = await Client.ConnectAsync(new Uri(ws, $"/hubs/chat?widget={key}"), null, ct);
                    all.Enqueue(c);
                    await c.InvokeAsync("Hello", ct, "vi");
                    return c;
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            visitorList.AddRange(await Task.WhenAll(connecting));
        }
        Console.WriteLine($"  {visitors:N0} visitors connected in {clock.Elapsed.TotalSeconds:F1} s; server RSS {rss?.MaxMb:F0} MB");

        var consoles = new List<Client>();
        for (var i = 0; i < agents; i++)
        {
            var console = await Client.ConnectAsync(new Uri(ws, "/hubs/chat-agent"), token, ct);
            all.Enqueue(console);
            consoles.Add(console);
        }

        // The active chats: started, first message, taken by one of the agent connections (an admin may take any number).
        var chats = new List<(Client Visitor, Client Agent, long Id)>();
        for (var i = 0; i < active; i++)
        {
            var visitor = visitorList[i];
            var started = (await visitor.InvokeAsync("Start", ct, new { name = $"Khách {i}", email = $"khach{i}@bench.haumai.test" }))!;
            var id = (long)started["conversationId"]!;
            await visitor.InvokeAsync("Send", ct, $"v-start-{i}", "Xin chào");
            var agent = consoles[i % consoles.Count];
            await agent.InvokeAsync("Accept", ct, id);
            await agent.InvokeAsync("Open", ct, id);
            chats.Add((visitor, agent, id));
        }
        Console.WriteLine($"  {active} chats started and taken after {clock.Elapsed.TotalSeconds:F1} s");

        var latencies = new ConcurrentBag<double>();
        // Only what reaches the other side counts: the sender's own connection gets its message back too.
        Action<JsonNode> From(string sender) => m =>
        {
            if ((string?)m["sender"] == sender && ((string?)m["body"])?.Split(' ') is ["t", var ticks, ..] && long.TryParse(ticks, out var sent))
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        };
        foreach (var v in visitorList)
        {
            v.OnMessage = From("agent");
        }
        foreach (var a in consoles)
        {
            a.OnMessage = From("visitor");
        }
        var errors = 0;
        var sentCount = 0;
        rss?.Reset();
        var end = DateTime.UtcNow.AddSeconds(seconds);
        // One loop per chat, each starting at its own offset in the second, so sends spread evenly.
        var loops = chats.Select(async (chat, i) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1000.0 * i / chats.Count), ct);
            var n = 0;
            while (DateTime.UtcNow < end)
            {
                var next = Task.Delay(1000, ct);
                var text = $"t {Stopwatch.GetTimestamp()} tin nhắn thử {n}";
                try
                {
                    if ((n + i) % 2 == 0)
                    {
                        await chat.Visitor.InvokeAsync("Send", ct, $"v-{i}-{n}", text);
                    }
                    else
                    {
                        await chat.Agent.InvokeAsync("Send", ct, chat.Id, $"a-{i}-{n}", text);
                    }
                    Interlocked.Increment(ref sentCount);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                n++;
                await next;
            }
        }).ToList();
        await Task.WhenAll(loops);
        await Task.Delay(1000, ct);

        var sorted = latencies.Order().ToArray();
        double Pct(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine($"  sent {sentCount:N0} messages in {seconds} s ({sentCount / (double)seconds:F0}/s), delivered {sorted.Length:N0}, errors {errors}");
        Console.WriteLine($"  delivery send→other side: p50 {Pct(0.5):F1} ms, p95 {Pct(0.95):F1} ms, p99 {Pct(0.99):F1} ms, max {(sorted.Length == 0 ? double.NaN : sorted[^1]):F1} ms");
        Console.WriteLine($"  server RSS peak {rss?.OverallMaxMb:F0} MB (during the exchange {rss?.MaxMb:F0} MB)");
        foreach (var c in all)
        {
            await c.DisposeAsync();
        }
        return 0;
    }

    /// <summary>One SignalR connection over a raw WebSocket: invocations matched to completions, pushed messages handed to <see cref="OnMessage"/>.</summary>
    private sealed class Client : IAsyncDisposable
    {
        private const char Separator = '\u001e';
        private readonly ClientWebSocket _socket;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode?>> _calls = new();
        private readonly SemaphoreSlim _send = new(1, 1);
        private int _next;

        private Client(ClientWebSocket socket) => _socket = socket;

        public Action<JsonNode>? OnMessage { get; set; }

        public static async Task<Client> ConnectAsync(Uri uri, string? bearer, CancellationToken ct)
        {
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Origin", Origin);
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            if (bearer is not null)
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
            }
            await socket.ConnectAsync(uri, ct);
            var client = new Client(socket);
            await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
            _ = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            return client;
        }

        public async Task<JsonNode?> InvokeAsync(string target, CancellationToken ct, params object?[] arguments)
        {
            var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var done = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _calls[id] = done;
            await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }, JsonSerializerOptions.Web));
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        }

        public void Ping() => _ = SendAsync("{\"type\":6}").ContinueWith(t => _ = t.Exception, TaskScheduler.Default);

        private async Task SendAsync(string record)
        {
            await _send.WaitAsync();
            try
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(record + Separator), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                    pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }
                    var text = pending.ToString();
                    pending.Clear();
                    foreach (var record in text.Split(Separator, StringSplitOptions.RemoveEmptyEntries))
                    {
                        Handle(JsonNode.Parse(record)!);
                    }
                }
            }
            catch (WebSocketException)
            {
            }
            foreach (var call in _calls.Values)
            {
                call.TrySetException(new InvalidOperationException("The connection closed."));
            }
        }

        private void Handle(JsonNode frame)
        {
            if (frame["type"] is not { } type)
            {
                return; // the handshake's answer
            }
            switch ((int)type)
            {
                case 1 when (string?)frame["target"] == "message":
                    OnMessage?.Invoke(frame["arguments"]![0]!);
                    break;
                case 3 when _calls.TryRemove((string)frame["invocationId"]!, out var call):
                    if (frame["error"] is { } error)
                    {
                        call.TrySetException(new InvalidOperationException((string)error!));
                    }
                    else
                    {
                        call.TrySetResult(frame["result"]);
                    }
                    break;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or InvalidOperationException)
            {
            }
            _socket.Dispose();
        }
    }
}
