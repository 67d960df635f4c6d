using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// An admin deactivates a user (who can then no longer sign in or use their API tokens, and gets no
/// new tickets by auto-assignment) or activates them again. Nothing is deleted: their tickets and
/// history stay theirs. An admin cannot deactivate themselves.
/// </summary>
public static class SetUserActive
{
    public enum Outcome { Done, NotFound, Self }

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<Outcome> HandleAsync(int actorId, int userId, bool active, CancellationToken ct)
        {
            if (userId == actorId && !active)
            {
                return Outcome.Self;
            }
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return Outcome.NotFound;
            }
            if (active)
            {
                user.Activate();
            }
            else
            {
                user.Deactivate();
            }
            await db.SaveChangesAsync(ct);
            return Outcome.Done;
        }
    }
}
