using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Haumai.Tests.Support;

/// <summary>
/// A SignalR client speaking the JSON hub protocol over a raw WebSocket through the test server,
/// as the browser's client does (the SignalR .NET client is not in the package mirror; the protocol
/// is small and documented): the handshake, invocations with their completions, and the server's
/// pushes, which are kept until a test asks for them.
/// </summary>
public sealed class SignalRClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly WebSocket _socket;
    private readonly List<JsonNode> _pushed = [];
    private readonly Queue<string> _records = new();
    private readonly StringBuilder _partial = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private int _nextId;

    private SignalRClient(WebSocket socket) => _socket = socket;

    /// <summary>The hub answered an invocation with an error.</summary>
    public sealed class HubError(string message) : Exception(message);

    /// <summary>
    /// Connects and waits until the hub has run its OnConnectedAsync (an invocation is answered);
    /// throws <see cref="InvalidOperationException"/> when the hub closes the connection instead.
    /// </summary>
    public static async Task<SignalRClient> ConnectAsync(HaumaiFactory app, string pathAndQuery, string? bearer = null, string? origin = null)
    {
        var ws = app.Server.CreateWebSocketClient();
        ws.ConfigureRequest = request =>
        {
            if (bearer is not null)
            {
                request.Headers.Authorization = "Bearer " + bearer;
            }
            if (origin is not null)
            {
                request.Headers.Origin = origin;
            }
        };
        using var timeout = new CancellationTokenSource(Patience);
        var socket = await ws.ConnectAsync(new Uri("ws://localhost" + pathAndQuery), timeout.Token);
        var client = new SignalRClient(socket);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = JsonNode.Parse(await client.ReceiveAsync())!.AsObject();
        if (handshake.ContainsKey("error"))
        {
            throw new InvalidOperationException(handshake.ToJsonString());
        }
        try
        {
            await client.InvokeAsync("NoSuchMethod");
        }
        catch (HubError)
        {
            // Answered: the connection is up and in its groups.
        }
        return client;
    }

    /// <summary>Invokes a hub method and returns its result (null for none); a hub error throws <see cref="HubError"/>.</summary>
    public async Task<JsonNode?> InvokeAsync(string target, params object?[] arguments)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }, Json.Web));
        while (true)
        {
            var frame = await NextFrameAsync();
            if ((int)frame["type"]! == 3 && (string?)frame["invocationId"] == id)
            {
                if (frame["error"] is { } error)
                {
                    throw new HubError((string)error!);
                }
                return frame["result"];
            }
            if ((int)frame["type"]! == 1)
            {
                _pushed.Add(frame);
            }
        }
    }

    /// <summary>The next push of this method (its first argument), kept from earlier or awaited.</summary>
    public async Task<JsonNode> NextAsync(string target, Func<JsonNode, bool>? where = null)
    {
        while (true)
        {
            var kept = _pushed.FirstOrDefault(f => (string?)f["target"] == target && (where is null || where(f["arguments"]![0]!)));
            if (kept is not null)
            {
                _pushed.Remove(kept);
                return kept["arguments"]![0]!;
            }
            var frame = await NextFrameAsync();
            if ((int)frame["type"]! == 1)
            {
                _pushed.Add(frame);
            }
        }
    }

    /// <summary>
    /// Whether a push of this method arrived within a short wait (for "nothing reached the other
    /// visitor"): waits, then makes a round trip so that whatever the server sent before is read.
    /// </summary>
    public async Task<bool> ReceivedAsync(string target, TimeSpan wait, Func<JsonNode, bool>? where = null)
    {
        await Task.Delay(wait);
        try
        {
            await InvokeAsync("NoSuchMethod");
        }
        catch (HubError)
        {
        }
        return _pushed.Any(f => (string?)f["target"] == target && (where is null || where(f["arguments"]![0]!)));
    }

    private async Task<JsonNode> NextFrameAsync()
    {
        while (true)
        {
            var frame = JsonNode.Parse(await ReceiveAsync())!;
            if ((int)frame["type"]! == 7)
            {
                throw new InvalidOperationException("The hub closed the connection: " + frame.ToJsonString());
            }
            if ((int)frame["type"]! != 6)
            {
                return frame; // 6 is a ping
            }
        }
    }

    private async Task SendAsync(string record)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, true, timeout.Token);
    }

    private async Task<string> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[16384];
        while (_records.Count == 0)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The hub closed the connection.");
            }
            var chars = new char[Encoding.UTF8.GetMaxCharCount(result.Count)];
            _partial.Append(chars, 0, _utf8.GetChars(buffer, 0, result.Count, chars, 0));
            var text = _partial.ToString();
            var last = text.LastIndexOf(RecordSeparator);
            if (last >= 0)
            {
                foreach (var record in text[..last].Split(RecordSeparator))
                {
                    _records.Enqueue(record);
                }
                _partial.Clear().Append(text[(last + 1)..]);
            }
        }
        return _records.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
            }
        }
        _socket.Dispose();
    }
}
