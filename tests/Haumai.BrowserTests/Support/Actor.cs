using System.Collections.Concurrent;

namespace Haumai.BrowserTests.Support;

/// <summary>
/// One person at one browser: an isolated <see cref="IBrowserContext"/> (own cookies, own storage,
/// own client address) with one page, and what went wrong in it: console errors, uncaught page
/// errors and Content-Security-Policy violations. An agent and a customer in one test are two actors.
/// </summary>
public sealed class Actor : IAsyncDisposable
{
    /// <summary>Called by the init script for every <c>securitypolicyviolation</c> event.</summary>
    private const string CspBinding = "__haumaiCspViolation";

    private const string CspListener = """
        document.addEventListener('securitypolicyviolation', e => {
          const report = window.__haumaiCspViolation;
          if (typeof report === 'function') {
            report(`${e.effectiveDirective || e.violatedDirective}: blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
          }
        }, true);
        """;

    /// <summary>
    /// Console noise that is not a defect of the page: a live connection (SignalR) that the browser
    /// cuts because the page navigates away before it opened.
    /// </summary>
    private static readonly string[] Noise =
    [
        "WebSocket is closed before the connection is established",
    ];

    /// <summary>
    /// Requests the browser makes on its own, not the page: a missing /favicon.ico is logged as a
    /// console error whenever it happens to arrive before the test looks.
    /// </summary>
    private static bool IsBrowserOwnRequest(IConsoleMessage message) =>
        message.Location.Contains("/favicon.ico", StringComparison.OrdinalIgnoreCase);

    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _cspViolations = new();
    private int _closed;

    private Actor(string name, IBrowserContext context)
    {
        Name = name;
        Context = context;
    }

    public string Name { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; private set; } = null!;

    /// <summary>Console errors and uncaught exceptions, in order, with the page they happened on.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>CSP violations reported by the browser (they also show as console errors).</summary>
    public IReadOnlyCollection<string> CspViolations => _cspViolations;

    internal static async Task<Actor> CreateAsync(string name, IBrowser browser, BrowserNewContextOptions options)
    {
        var actor = new Actor(name, await browser.NewContextAsync(options));
        await actor.Context.ExposeFunctionAsync(CspBinding, (string violation) => actor._cspViolations.Enqueue(violation));
        await actor.Context.AddInitScriptAsync(CspListener);
        actor.Page = await actor.NewPageAsync();
        return actor;
    }

    /// <summary>Another tab of the same person (same cookies); its errors are collected too.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsBrowserOwnRequest(message) && !Noise.Any(n => message.Text.Contains(n, StringComparison.Ordinal)))
            {
                _errors.Enqueue($"console error on {message.Page?.Url ?? page.Url}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _errors.Enqueue($"uncaught error on {page.Url}: {error}");
        return page;
    }

    /// <summary>Forgets what was collected so far (after a step that is meant to fail, such as a 404).</summary>
    public void ClearErrors()
    {
        _errors.Clear();
        _cspViolations.Clear();
    }

    /// <summary>Fails the test if the browser reported a console error, an uncaught error or a CSP violation.</summary>
    public void AssertNoBrowserErrors()
    {
        var problems = _cspViolations.Select(v => $"CSP violation: {v}").Concat(_errors).ToList();
        problems.ShouldBeEmpty($"{Name}'s browser reported problems:\n{string.Join('\n', problems)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await Context.CloseAsync();
        }
    }
}
