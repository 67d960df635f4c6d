using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// An admin removes a domain claim. People who registered through it keep their accounts; new
/// addresses at the domain need an invitation again.
/// </summary>
public static class ReleaseDomain
{
    public sealed class Handler(HaumaiDb db, CurrentUser user)
    {
        /// <summary>The released domain, or null when there was no such claim (or the caller is no admin).</summary>
        public async Task<string?> HandleAsync(int claimId, CancellationToken ct)
        {
            if (!user.IsAdmin)
            {
                return null;
            }
            var claim = await db.Set<OrganizationDomain>().FirstOrDefaultAsync(d => d.Id == claimId, ct);
            if (claim is null)
            {
                return null;
            }
            db.Remove(claim);
            await db.SaveChangesAsync(ct);
            return claim.Domain;
        }
    }
}
