using FluentValidation;
using Haumai.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// An admin sets a new password for a user (who forgot theirs, or was created without one). It also
/// lifts a lockout: the admin has just decided who knows the password.
/// </summary>
public static class SetPassword
{
    public sealed record Request(string? Password);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Password).NotEmpty().MinimumLength(CreateUser.MinPasswordLength).MaximumLength(200);
    }

    public sealed class Handler(HaumaiDb db, IPasswordHasher<User> hasher)
    {
        /// <returns>False when there is no such user.</returns>
        public async Task<bool> HandleAsync(int userId, Request request, CancellationToken ct)
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return false;
            }
            user.SetPasswordHash(hasher.HashPassword(user, request.Password!));
            user.Unlock();
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
