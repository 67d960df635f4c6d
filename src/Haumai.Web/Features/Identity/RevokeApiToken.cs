using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// Revokes an API token: it fails at once on the next call (there is no cache to outlive it). People
/// revoke their own tokens; admins anyone's. Revoking twice keeps the first time.
/// </summary>
public static class RevokeApiToken
{
    public sealed class Handler(HaumaiDb db, TimeProvider clock)
    {
        /// <returns>False when there is no such token, or it is someone else's and the actor is not an admin.</returns>
        public async Task<bool> HandleAsync(int actorId, bool actorIsAdmin, int tokenId, CancellationToken ct)
        {
            var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (actorIsAdmin || t.UserId == actorId), ct);
            if (token is null)
            {
                return false;
            }
            token.Revoke(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
