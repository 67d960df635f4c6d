using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.CannedResponses;

/// <summary>T8: an admin deletes a canned response. Replies already sent with it are unaffected: they hold their own text.</summary>
public static class DeleteCannedResponse
{
    public sealed class Handler(HaumaiDb db)
    {
        /// <returns>False when there is no such response.</returns>
        public async Task<bool> HandleAsync(int id, CancellationToken ct)
        {
            var response = await db.CannedResponses.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (response is null)
            {
                return false;
            }
            db.CannedResponses.Remove(response);
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
