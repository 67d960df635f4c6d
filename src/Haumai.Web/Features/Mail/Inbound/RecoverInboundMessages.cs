using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// E1: nothing accepted is lost. A message is committed before it is processed; if the process
/// that stored it dies in between (the mail server killed the pipe, the node restarted), the row
/// stays Received. This finds such rows, once they are old enough that nobody is still working on
/// them, and processes them. Processing is idempotent, so a row taken twice still makes one ticket.
/// </summary>
public static class RecoverInboundMessages
{
    public sealed class Handler(HaumaiDb db, IngestMail.Handler ingest, TimeProvider clock)
    {
        public async Task<int> HandleAsync(TimeSpan olderThan, CancellationToken ct, int limit = 100)
        {
            var before = clock.GetUtcNow().UtcDateTime - olderThan;
            var stuck = await db.Set<InboundMessage>().AsNoTracking()
                .Where(m => m.State == InboundState.Received && m.ReceivedAt <= before)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(limit).ToListAsync(ct);
            foreach (var id in stuck)
            {
                await ingest.ProcessAsync(id, ct);
                db.ChangeTracker.Clear();
            }
            return stuck.Count;
        }
    }
}
