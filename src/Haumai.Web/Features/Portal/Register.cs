using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// A person opens their customer account from the portal: with an invitation (its organization,
/// org admin if it says so; the invitation is then used up) or, without one, with an address at a
/// domain an organization claims. The account is created by <see cref="CreateUser"/>; the page
/// signs the person in.
/// <para>
/// A customer who so far only wrote in by email or through the API has an account without a
/// password. An invitation for their address gives it one (the link is the proof that the address
/// is theirs). A claimed domain does not: anyone could type that address, and the account may
/// already hold tickets.
/// </para>
/// </summary>
public static class Register
{
    public sealed record Request(string? Name, string? Email, string? Password, string? InvitationCode);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter your name.")
                .MaximumLength(200).WithMessage("The name is too long.");
            RuleFor(r => r.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter your email address.")
                .MaximumLength(320).WithMessage("The email address is too long.")
                .EmailAddress().WithMessage("Enter a valid email address.");
            RuleFor(r => r.Password).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Choose a password.")
                .MinimumLength(CreateUser.MinPasswordLength).WithMessage("The password needs at least 8 characters.")
                .MaximumLength(200).WithMessage("The password is too long.");
            RuleFor(r => r.InvitationCode).MaximumLength(200).WithMessage("This invitation code is not valid. Check the link you received.");
        }
    }

    /// <summary>The account, signed in next by the page, or why not.</summary>
    public sealed record Result(User? User, FieldError? Error);

    private static readonly Validator Rules = new();

    public sealed class Handler(HaumaiDb db, CreateUser.Handler createUser, IPasswordHasher<User> hasher, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (Rules.Validate(request).Errors.FirstOrDefault() is { } invalid)
            {
                return Fail(invalid.PropertyName, invalid.ErrorMessage);
            }
            var email = User.NormalizeEmail(request.Email!);
            var now = clock.GetUtcNow().UtcDateTime;

            // One transaction: the account and the used-up invitation are saved together or not at
            // all, and on SQLite two registrations with one code queue here instead of both passing.
            await using var tx = await db.BeginWriteTransactionAsync(ct);
            Invitation? invitation = null;
            int organizationId;
            bool asOrgAdmin;
            if (!string.IsNullOrWhiteSpace(request.InvitationCode))
            {
                var hash = Invitation.HashCode(request.InvitationCode);
                invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
                if (invitation is null)
                {
                    return Fail("InvitationCode", "This invitation code is not valid. Check the link you received.");
                }
                switch (invitation.StateAt(now))
                {
                    case InvitationState.Accepted:
                        return Fail("InvitationCode", "This invitation has already been used. Sign in, or ask for a new invitation.");
                    case InvitationState.Revoked:
                        return Fail("InvitationCode", "This invitation was withdrawn. Ask your organization's admin for a new one.");
                    case InvitationState.Expired:
                        return Fail("InvitationCode", "This invitation has expired. Ask your organization's admin for a new one.");
                }
                if (invitation.Email != email)
                {
                    return Fail("Email", "This invitation is for another email address. Register with the address it was sent to.");
                }
                organizationId = invitation.OrganizationId;
                asOrgAdmin = invitation.AsOrgAdmin;
            }
            else
            {
                var domain = EmailDomains.OfEmail(email);
                var claim = domain is null ? null
                    : await db.Set<OrganizationDomain>().AsNoTracking().FirstOrDefaultAsync(d => d.Domain == domain, ct);
                if (claim is null)
                {
                    return Fail("Email", "No organization has claimed the domain {0}. Ask your organization's admin for an invitation.", domain is null ? email : EmailDomains.Display(domain));
                }
                organizationId = claim.OrganizationId;
                asOrgAdmin = false;
            }

            var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
            var existing = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
            User user;
            if (existing is not null)
            {
                var waitingForPassword = existing is { Role: Role.Customer, PasswordHash: null, IsActive: true }
                    && (existing.OrganizationId is null || existing.OrganizationId == organizationId);
                if (invitation is null || !waitingForPassword)
                {
                    return Fail("Email", "An account with this email already exists. Sign in instead.");
                }
                existing.JoinOrganization(organization, asOrgAdmin);
                existing.SetPasswordHash(hasher.HashPassword(existing, request.Password!));
                await db.SaveChangesAsync(ct);
                user = existing;
            }
            else
            {
                User? created;
                string? field;
                try
                {
                    (created, field, _) = await createUser.HandleAsync(
                        new CreateUser.Request(email, request.Name!.Trim(), nameof(Role.Customer), organization.Slug, request.Password, asOrgAdmin), ct);
                }
                catch (DbUpdateException)
                {
                    // The same address registered a moment ago, between the check and the insert.
                    (created, field) = (null, "email");
                }
                if (created is null)
                {
                    return field == "email"
                        ? Fail("Email", "An account with this email already exists. Sign in instead.")
                        : Fail("Email", "Registration failed. Please try again.");
                }
                user = created;
            }
            if (invitation is not null)
            {
                invitation.Accept(user.Id, now);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return new Result(user, null);
        }

        private static Result Fail(string field, string message, params object[] args) => new(null, new FieldError(field, message, args));
    }
}
