using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>Creates a user (from <c>haumai user create</c> or the admin API).</summary>
public static class CreateUser
{
    public const int MinPasswordLength = 8;

    public sealed record Request(string? Email, string? Name, string? Role, string? Organization, string? Password, bool OrgAdmin = false);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(320);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Role).Must(r => Enums.TryParse<Role>(r, out _)).WithMessage("Role must be one of: admin, agent, customer.");
            RuleFor(r => r.Password).MinimumLength(MinPasswordLength).MaximumLength(200).When(r => r.Password is not null);
            RuleFor(r => r.Organization).Null().When(r => r.Role is not null && Enums.TryParse<Role>(r.Role, out var role) && role != Identity.Role.Customer)
                .WithMessage("Only customers belong to an organization.");
            RuleFor(r => r.OrgAdmin).Equal(false).When(r => r.Organization is null).WithMessage("An org admin needs an organization.");
        }
    }

    public sealed class Handler(HaumaiDb db, IPasswordHasher<User> hasher, TimeProvider clock)
    {
        public async Task<(User? User, string? Field, string? Error)> HandleAsync(Request request, CancellationToken ct)
        {
            var email = User.NormalizeEmail(request.Email!);
            if (await db.Users.AnyAsync(u => u.Email == email, ct))
            {
                return (null, "email", $"A user with the email {email} already exists.");
            }
            var user = new User(email, request.Name!, Enums.Parse<Role>(request.Role!), clock.GetUtcNow().UtcDateTime);
            if (request.Organization is { } slug)
            {
                var s = slug.Trim().ToLowerInvariant();
                var org = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == s, ct);
                if (org is null)
                {
                    return (null, "organization", $"There is no organization '{slug}'.");
                }
                user.JoinOrganization(org, request.OrgAdmin);
            }
            if (request.Password is { } password)
            {
                user.SetPasswordHash(hasher.HashPassword(user, password));
            }
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
            return (user, null, null);
        }
    }
}
