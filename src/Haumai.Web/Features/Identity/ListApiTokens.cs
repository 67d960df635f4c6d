using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>Every user's API tokens, for admins deciding which to revoke (X2). Secrets are never stored, so never listed.</summary>
public static class ListApiTokens
{
    public sealed record Request(int? UserId = null, bool IncludeRevoked = true);

    public sealed record Row(int Id, string Name, string Hint, int UserId, string OwnerName, string OwnerEmail,
        DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<IReadOnlyList<Row>> HandleAsync(Request request, CancellationToken ct)
        {
            var tokens = db.ApiTokens.AsNoTracking();
            if (request.UserId is { } userId)
            {
                tokens = tokens.Where(t => t.UserId == userId);
            }
            if (!request.IncludeRevoked)
            {
                tokens = tokens.Where(t => t.RevokedAt == null);
            }
            // Live tokens first, newest first: those are the ones people come to look at.
            return await tokens
                .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.Id)
                .Select(t => new Row(t.Id, t.Name, t.Hint, t.UserId, t.User!.Name, t.User.Email, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
                .ToListAsync(ct);
        }
    }
}
