using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// T9: the customer says their problem is solved. The only change customers may make to a ticket
/// (see <see cref="UpdateTicket"/>); offered while the T4 rules allow the move to solved.
/// </summary>
public static class SolveTicket
{
    public enum Outcome { Solved, NotFound, NotAllowed }

    public static bool CanSolve(TicketStatus status) => TicketStatusRules.CanMove(status, TicketStatus.Solved);

    public sealed class Handler(TicketAccess access, UpdateTicket.Handler update)
    {
        public async Task<Outcome> HandleAsync(long ticketId, CancellationToken ct)
        {
            var status = await (await access.VisibleAsync(ct)).AsNoTracking()
                .Where(t => t.Id == ticketId).Select(t => (TicketStatus?)t.Status).FirstOrDefaultAsync(ct);
            if (status is not { } current)
            {
                return Outcome.NotFound;
            }
            if (current == TicketStatus.Solved)
            {
                return Outcome.Solved;
            }
            if (!CanSolve(current))
            {
                return Outcome.NotAllowed;
            }
            var solve = new UpdateTicket.Changes(TicketStatus.Solved, null, false, null, false, null, false, null, null);
            var (outcome, _, _) = await update.HandleAsync(ticketId, solve, null, ct);
            return outcome switch
            {
                UpdateTicket.Outcome.Updated => Outcome.Solved,
                UpdateTicket.Outcome.NotFound => Outcome.NotFound,
                _ => Outcome.NotAllowed,
            };
        }
    }
}
