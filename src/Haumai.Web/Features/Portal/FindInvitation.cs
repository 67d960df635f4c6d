using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// What the registration page shows for an invitation link before the form is sent: the
/// organization and the address it is for, or that it can no longer be used. Reading it changes
/// nothing; <see cref="Register"/> checks it again.
/// </summary>
public static class FindInvitation
{
    public sealed record Found(string OrganizationName, string Email, InvitationState State);

    public sealed class Handler(HaumaiDb db, TimeProvider clock)
    {
        public async Task<Found?> HandleAsync(string? code, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(code) || code.Length > 200)
            {
                return null;
            }
            var hash = Invitation.HashCode(code);
            var found = await db.Set<Invitation>().AsNoTracking().Where(i => i.CodeHash == hash)
                .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { Invitation = i, o.Name })
                .FirstOrDefaultAsync(ct);
            return found is null ? null
                : new Found(found.Name, found.Invitation.Email, found.Invitation.StateAt(clock.GetUtcNow().UtcDateTime));
        }
    }
}
