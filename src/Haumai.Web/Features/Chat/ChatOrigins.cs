using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// The origins of all active widgets, for CORS on the hub's negotiation (browsers ask before a
/// cross-origin POST). Cached for a minute and dropped when a widget is saved on this node: a
/// new origin works at once here, within a minute on other nodes. The hub itself checks the
/// widget's own list on every connection; this only decides which pages may ask at all.
/// </summary>
public sealed class ChatOrigins(IServiceScopeFactory scopes, TimeProvider clock)
{
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(HashSet<string> Origins, DateTimeOffset Until);

    public void Forget() => _snapshot = null;

    public bool IsAllowed(string origin)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.Until < clock.GetUtcNow())
        {
            using var scope = scopes.CreateScope();
            var widgets = scope.ServiceProvider.GetRequiredService<HaumaiDb>().Set<ChatWidget>().AsNoTracking()
                .Where(w => w.IsActive).Select(w => w.AllowedOrigins).ToList();
            snapshot = new Snapshot(widgets.SelectMany(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase),
                clock.GetUtcNow().AddMinutes(1));
            _snapshot = snapshot;
        }
        return snapshot.Origins.Contains(origin.TrimEnd('/'));
    }
}
