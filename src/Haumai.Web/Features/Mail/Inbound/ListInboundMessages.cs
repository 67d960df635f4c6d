using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>E1: what came in by mail and what became of it; admins look here for parked messages.</summary>
public static class ListInboundMessages
{
    public const int MaxLimit = 200;

    public sealed record Item(
        long Id, string Source, string State, string? Reason, string? MessageId, string? From, long Length,
        DateTime ReceivedAt, DateTime? ProcessedAt, int Attempts, long? TicketId);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(InboundState? state, int limit, CancellationToken ct)
        {
            var query = db.Set<InboundMessage>().AsNoTracking();
            if (state is { } s)
            {
                query = query.Where(m => m.State == s);
            }
            var rows = await query.OrderByDescending(m => m.Id).Take(Math.Clamp(limit, 1, MaxLimit))
                .Select(m => new { m.Id, m.Source, m.State, m.Reason, m.MessageId, m.FromAddress, m.Length, m.ReceivedAt, m.ProcessedAt, m.Attempts, m.TicketId })
                .ToListAsync(ct);
            return rows.Select(m => new Item(m.Id, m.Source.ToString().ToLowerInvariant(), m.State.ToString().ToLowerInvariant(), m.Reason,
                m.MessageId, m.FromAddress, m.Length, m.ReceivedAt, m.ProcessedAt, m.Attempts, m.TicketId)).ToList();
        }
    }
}
