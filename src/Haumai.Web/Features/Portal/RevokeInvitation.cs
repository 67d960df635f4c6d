using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// Withdraws a pending invitation: its link stops working. Admins may withdraw any; an org admin
/// only those of their own organization.
/// </summary>
public static class RevokeInvitation
{
    public sealed class Handler(HaumaiDb db, CurrentUser user, TimeProvider clock)
    {
        /// <summary>True when the invitation exists, the caller may touch it, and it is now withdrawn (or already was used or over).</summary>
        public async Task<bool> HandleAsync(int invitationId, CancellationToken ct)
        {
            var invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.Id == invitationId, ct);
            if (invitation is null)
            {
                return false;
            }
            if (!user.IsAdmin)
            {
                var me = user.Id;
                var mayRevoke = await db.Users.AnyAsync(u => u.Id == me && u.IsActive && u.IsOrgAdmin && u.OrganizationId == invitation.OrganizationId, ct);
                if (!mayRevoke)
                {
                    return false;
                }
            }
            invitation.Revoke(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
