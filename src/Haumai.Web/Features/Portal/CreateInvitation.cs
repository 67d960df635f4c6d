using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// Invites one person to register as a customer of an organization: by an admin (any
/// organization) or by an org admin (their own only). Returns the code once; only its hash is
/// kept, so the link cannot be shown again, only replaced by a new invitation (which withdraws
/// the earlier ones for the same address).
/// </summary>
public static class CreateInvitation
{
    public sealed record Request(int? OrganizationId, string? Email, bool AsOrgAdmin);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.OrganizationId).NotNull().WithMessage("Choose an organization.");
            RuleFor(r => r.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter an email address.")
                .MaximumLength(320).WithMessage("The email address is too long.")
                .EmailAddress().WithMessage("Enter a valid email address.");
        }
    }

    /// <summary>The saved invitation and the code of its link (shown once), or why not.</summary>
    public sealed record Result(Invitation? Invitation, string? Code, FieldError? Error)
    {
        public string Link(string origin) => $"{origin.TrimEnd('/')}/portal/register?code={Uri.EscapeDataString(Code!)}";
    }

    private static readonly Validator Rules = new();

    public sealed class Handler(HaumaiDb db, CurrentUser user, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (Rules.Validate(request).Errors.FirstOrDefault() is { } invalid)
            {
                return Fail(invalid.PropertyName, invalid.ErrorMessage);
            }
            var orgId = request.OrganizationId!.Value;
            if (!user.IsAdmin)
            {
                // Read from the database, not the sign-in cookie: an org admin demoted an hour ago
                // still carries the old claim until they sign in again.
                var me = user.Id;
                var inviter = await db.Users.AsNoTracking().Where(u => u.Id == me)
                    .Select(u => new { u.OrganizationId, u.IsOrgAdmin, u.IsActive }).FirstOrDefaultAsync(ct);
                if (inviter is not { IsOrgAdmin: true, IsActive: true } || inviter.OrganizationId != orgId)
                {
                    return Fail("OrganizationId", "You can invite people to your own organization only.");
                }
            }
            if (!await db.Organizations.AnyAsync(o => o.Id == orgId, ct))
            {
                return Fail("OrganizationId", "Choose an organization.");
            }

            var email = User.NormalizeEmail(request.Email!);
            var existing = await db.Users.AsNoTracking().Where(u => u.Email == email)
                .Select(u => new { u.Role, u.OrganizationId, HasPassword = u.PasswordHash != null, u.IsActive }).FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                // A customer who so far only wrote in (no password) may be invited: the invitation
                // gives them a password. Anyone else already has an account to sign in with.
                if (existing.Role != Role.Customer || existing.HasPassword || !existing.IsActive)
                {
                    return Fail("Email", "{0} already has an account.", email);
                }
                if (existing.OrganizationId is { } other && other != orgId)
                {
                    return Fail("Email", "{0} belongs to another organization.", email);
                }
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var earlier = await db.Set<Invitation>()
                .Where(i => i.OrganizationId == orgId && i.Email == email && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ToListAsync(ct);
            foreach (var old in earlier)
            {
                old.Revoke(now);
            }
            var code = Invitation.NewCode();
            var invitation = new Invitation(orgId, email, request.AsOrgAdmin, Invitation.HashCode(code), user.Id, now);
            db.Set<Invitation>().Add(invitation);
            await db.SaveChangesAsync(ct);
            return new Result(invitation, code, null);
        }

        private static Result Fail(string field, string message, params object[] args) => new(null, null, new FieldError(field, message, args));
    }
}
