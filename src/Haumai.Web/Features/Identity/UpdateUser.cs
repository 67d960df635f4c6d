using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// An admin changes a user's name, role and organization (D1: roles decide what each person sees).
/// An admin cannot change their own role: the one admin left could otherwise lock everyone out.
/// </summary>
public static class UpdateUser
{
    /// <param name="Organization">A slug, for customers only; null leaves (or keeps out of) any organization.</param>
    public sealed record Request(string? Name, string? Role, string? Organization, bool OrgAdmin = false);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Role).Must(r => Enums.TryParse<Role>(r, out _)).WithMessage("Role must be one of: admin, agent, customer.");
            RuleFor(r => r.Organization).Null()
                .When(r => Enums.TryParse<Role>(r.Role, out var role) && role != Identity.Role.Customer)
                .WithMessage("Only customers belong to an organization.");
            RuleFor(r => r.OrgAdmin).Equal(false).When(r => r.Organization is null).WithMessage("An org admin needs an organization.");
        }
    }

    public enum Outcome
    {
        Updated,
        NotFound,
        /// <summary>Admins do not change their own role.</summary>
        OwnRole,
        NoSuchOrganization,
        /// <summary>A staff member with open tickets assigned cannot become a customer until they are reassigned.</summary>
        HasOpenTickets,
    }

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<Outcome> HandleAsync(int actorId, int userId, Request request, CancellationToken ct)
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return Outcome.NotFound;
            }
            var role = Enums.Parse<Role>(request.Role!);
            if (user.Id == actorId && role != user.Role)
            {
                return Outcome.OwnRole;
            }
            Organizations.Organization? organization = null;
            if (request.Organization is { } slug)
            {
                var s = slug.Trim().ToLowerInvariant();
                organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == s, ct);
                if (organization is null)
                {
                    return Outcome.NoSuchOrganization;
                }
            }
            if (role == Role.Customer && user.IsStaff)
            {
                var id = user.Id;
                if (await db.Tickets.AnyAsync(t => t.AssigneeId == id && t.IsOpen, ct))
                {
                    return Outcome.HasOpenTickets;
                }
                // Teams are of agents: a customer in one would be offered tickets and SLA alarms.
                db.TeamMembers.RemoveRange(await db.TeamMembers.Where(m => m.UserId == id).ToListAsync(ct));
            }
            user.Rename(request.Name!);
            user.ChangeRole(role);
            if (organization is null)
            {
                user.LeaveOrganization();
            }
            else
            {
                user.JoinOrganization(organization, request.OrgAdmin);
            }
            await db.SaveChangesAsync(ct);
            return Outcome.Updated;
        }
    }
}
