using Haumai.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// Checks an email and password. Five failures in a row lock the account for 15 minutes; the
/// answer never says whether the email exists.
/// </summary>
public static class PasswordSignIn
{
    public enum Outcome { SignedIn, Failed, LockedOut }

    public sealed class Handler(HaumaiDb db, IPasswordHasher<User> hasher, TimeProvider clock)
    {
        public async Task<(Outcome Outcome, User? User)> HandleAsync(string email, string password, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var normalized = User.NormalizeEmail(email);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
            if (user is null || !user.IsActive || user.PasswordHash is null)
            {
                // Spend the time a real check takes, so response times don't reveal accounts.
                hasher.VerifyHashedPassword(new User("x@x", "x", Role.Customer, now), DummyHash, password);
                return (Outcome.Failed, null);
            }
            if (user.IsLockedOut(now))
            {
                return (Outcome.LockedOut, null);
            }
            var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
            if (result == PasswordVerificationResult.Failed)
            {
                user.RecordFailedSignIn(now);
                await db.SaveChangesAsync(ct);
                return (user.IsLockedOut(now) ? Outcome.LockedOut : Outcome.Failed, null);
            }
            if (result == PasswordVerificationResult.SuccessRehashNeeded)
            {
                user.SetPasswordHash(hasher.HashPassword(user, password));
            }
            user.RecordSuccessfulSignIn();
            await db.SaveChangesAsync(ct);
            return (Outcome.SignedIn, user);
        }

        private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(new User("x@x", "x", Role.Customer, DateTime.UnixEpoch), Guid.NewGuid().ToString());
    }
}
