using System.Net;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C4: the blocked visitors, kept in memory for the check on every message (read again at every
/// chat start and every 30 s): a block stops new chats at once and the messages of a chat in
/// progress within half a minute, on every node.
/// </summary>
public sealed class ChatBlocks(IServiceScopeFactory scopes, TimeProvider clock)
{
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyList<ChatBlock> Blocks, DateTimeOffset Until);

    public async Task<IReadOnlyList<ChatBlock>> ReloadAsync(HaumaiDb db, CancellationToken ct)
    {
        var blocks = await db.Set<ChatBlock>().AsNoTracking().ToListAsync(ct);
        _snapshot = new Snapshot(blocks, clock.GetUtcNow().AddSeconds(30));
        return blocks;
    }

    public bool IsBlocked(IPAddress? ip, string? email)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.Until < clock.GetUtcNow())
        {
            using var scope = scopes.CreateScope();
            snapshot = new Snapshot(scope.ServiceProvider.GetRequiredService<HaumaiDb>().Set<ChatBlock>().AsNoTracking().ToList(), clock.GetUtcNow().AddSeconds(30));
            _snapshot = snapshot;
        }
        return snapshot.Blocks.Any(b => b.Matches(ip, email));
    }
}
