using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Haumai.Mail.Tests.Servers;

/// <summary>
/// A FAKE server on a loopback TcpListener, for protocol edge cases a real server will not produce
/// on demand (odd replies, stalls, unsolicited responses). It runs one scripted conversation; the
/// script reads the client's lines and writes raw replies. Real-server behaviour is tested against
/// Postfix and Dovecot, never against this.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _conversation;
    private readonly CancellationTokenSource _stop = new();

    private FakeServer(Func<FakeConnection, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _conversation = RunAsync(script);
    }

    public static FakeServer Start(Func<FakeConnection, Task> script) => new(script);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Lines the client sent, in order.</summary>
    public List<string> Received { get; } = [];

    /// <summary>Waits for the script to end; rethrows its failure (an assertion on what the client sent).</summary>
    public Task Completion => _conversation;

    private async Task RunAsync(Func<FakeConnection, Task> script)
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        await using var stream = client.GetStream();
        await script(new FakeConnection(stream, Received, _stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _conversation.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
            // The conversation was cut short on purpose (a stalling script) or by the client closing.
        }

        _stop.Dispose();
    }
}

public sealed class FakeConnection(Stream stream, List<string> received, CancellationToken stop)
{
    private readonly List<byte> _line = [];

    public CancellationToken Stopping => stop;

    /// <summary>Next line from the client, without CRLF; null when it closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        _line.Clear();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, stop) == 0)
            {
                return null;
            }

            if (one[0] == '\n')
            {
                var text = Encoding.UTF8.GetString(_line.ToArray()).TrimEnd('\r');
                lock (received)
                {
                    received.Add(text);
                }

                return text;
            }

            _line.Add(one[0]);
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes (a literal the client sent).</summary>
    public async Task<byte[]> ReadBytesAsync(int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, stop);
        return buffer;
    }

    public async Task WriteAsync(string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), stop);
        await stream.FlushAsync(stop);
    }

    /// <summary>Never answers again (until the test ends).</summary>
    public Task StallAsync() => Task.Delay(Timeout.Infinite, stop);
}
