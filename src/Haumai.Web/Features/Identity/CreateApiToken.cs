using FluentValidation;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>Issues an API token for a user. The secret is returned once; only its hash is kept.</summary>
public static class CreateApiToken
{
    public sealed record Request(string? Name);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
    }

    public sealed record Created(int Id, string Name, string Hint, DateTime CreatedAt, string Token);

    public sealed class Handler(HaumaiDb db, TimeProvider clock)
    {
        public async Task<Created?> HandleAsync(string userEmail, string name, CancellationToken ct)
        {
            var email = User.NormalizeEmail(userEmail);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email && u.IsActive, ct);
            return user is null ? null : await HandleAsync(user, name, ct);
        }

        public async Task<Created> HandleAsync(User user, string name, CancellationToken ct)
        {
            var (token, secret) = ApiToken.Issue(user, name, clock.GetUtcNow().UtcDateTime);
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync(ct);
            return new Created(token.Id, token.Name, token.Hint, token.CreatedAt, secret);
        }
    }
}
