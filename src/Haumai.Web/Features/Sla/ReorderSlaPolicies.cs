using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Sla;

/// <summary>
/// S2: admins order the policies; the first that matches a ticket applies. The request lists every
/// policy but the default, which is always tried last, in the new order.
/// </summary>
public static class ReorderSlaPolicies
{
    public sealed record Request(IReadOnlyList<int>? Ids);

    /// <summary>Gaps of ten leave room to slot a policy in with a plain PUT of its position.</summary>
    public const int Step = 10;

    public sealed class Handler(HaumaiDb db, TicketSla sla, TimeProvider clock)
    {
        public async Task<(bool Ok, string? Error)> HandleAsync(Request request, CancellationToken ct)
        {
            var ids = request.Ids ?? [];
            var policies = await db.SlaPolicies.ToListAsync(ct);
            var ordered = policies.Where(p => !p.IsDefault).Select(p => p.Id).Order().ToList();
            if (policies.FirstOrDefault(p => p.IsDefault) is { } fallback && ids.Contains(fallback.Id))
            {
                return (false, $"Policy {fallback.Id} is the default: it is always tried last, so leave it out.");
            }
            if (ids.Count != ids.Distinct().Count() || !ids.Order().SequenceEqual(ordered))
            {
                return (false, $"List every policy except the default exactly once: {string.Join(", ", ordered)}.");
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var byId = policies.ToDictionary(p => p.Id);
            for (var i = 0; i < ids.Count; i++)
            {
                var position = (i + 1) * Step;
                if (byId[ids[i]].Position != position)
                {
                    byId[ids[i]].MoveTo(position, now);
                }
            }
            await db.SaveChangesAsync(ct);
            await sla.RecomputeOpenTicketsAsync(ct);
            return (true, null);
        }
    }
}
