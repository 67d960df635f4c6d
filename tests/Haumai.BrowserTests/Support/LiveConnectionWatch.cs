namespace Haumai.BrowserTests.Support;

/// <summary>
/// Watches a page's SignalR WebSocket (e.g. the agent queue's <c>/hubs/queue</c>) so that a test
/// can wait until the page is really listening before it makes the change the page should show
/// without a reload. A push sent before the connection is up is lost by design, so without this
/// wait a live-update test would be racy.
/// </summary>
public sealed class LiveConnectionWatch
{
    private readonly string _path;
    private readonly List<Socket> _sockets = [];
    private int _documents;

    /// <summary>Start watching before the page navigates to the page that connects.</summary>
    public LiveConnectionWatch(IPage page, string path = "/hubs/queue")
    {
        _path = path;
        // A new document (not an htmx swap or a pushState) is a main-frame navigation request;
        // the sockets of the document before it are gone.
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Frame == page.MainFrame)
            {
                Interlocked.Increment(ref _documents);
            }
        };
        page.WebSocket += (_, ws) =>
        {
            if (!ws.Url.Contains(_path, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            var socket = new Socket(Volatile.Read(ref _documents));
            // The server's first frame is the SignalR handshake answer: the connection is up.
            ws.FrameReceived += (_, _) => socket.Answered.TrySetResult();
            ws.Close += (_, _) => socket.Closed = true;
            lock (_sockets)
            {
                _sockets.Add(socket);
            }
        };
    }

    /// <summary>
    /// Waits until the current document has an open, answered connection to the hub that stays up
    /// for half a second (a click that is about to load another document does not count).
    /// </summary>
    public async Task WaitUntilConnectedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The page has no open live connection to {_path}: new tickets would not arrive without a reload.");
            }
            var candidate = Current();
            if (candidate is not null)
            {
                // The hub adds the connection to its groups just after the handshake answer.
                await Task.Delay(500);
                if (ReferenceEquals(Current(), candidate))
                {
                    return;
                }
                continue;
            }
            await Task.Delay(100);
        }
    }

    private Socket? Current()
    {
        lock (_sockets)
        {
            var document = Volatile.Read(ref _documents);
            return _sockets.LastOrDefault(s => s.Document == document && !s.Closed && s.Answered.Task.IsCompleted);
        }
    }

    private sealed class Socket(int document)
    {
        public int Document { get; } = document;
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public volatile bool Closed;
    }
}
