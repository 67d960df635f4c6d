using FluentValidation;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Organizations;

/// <summary>
/// An admin records an organization's support contract (number, dates, what it includes), replaces
/// it with a new one, or ends it. SLA policies can be chosen by "has a contract" (S2).
/// </summary>
public static class SaveContract
{
    public const int MaxNumberLength = 64;
    public const int MaxTermsLength = 4000;

    /// <param name="EndsOn">Null for a contract without an end date.</param>
    public sealed record Request(string? Number, DateOnly? StartsOn, DateOnly? EndsOn, string? Terms);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Number).NotEmpty().MaximumLength(MaxNumberLength);
            RuleFor(r => r.StartsOn).NotNull().WithMessage("Give the day the contract starts.");
            RuleFor(r => r.EndsOn).GreaterThanOrEqualTo(r => r.StartsOn).When(r => r is { EndsOn: not null, StartsOn: not null })
                .WithMessage("A contract cannot end before it starts.");
            RuleFor(r => r.Terms).MaximumLength(MaxTermsLength);
        }
    }

    public sealed class Handler(HaumaiDb db)
    {
        /// <returns>False when there is no such organization.</returns>
        public async Task<bool> SaveAsync(int organizationId, Request request, CancellationToken ct)
        {
            var organization = await db.Organizations.Include(o => o.Contract).FirstOrDefaultAsync(o => o.Id == organizationId, ct);
            if (organization is null)
            {
                return false;
            }
            organization.SignContract(request.Number!, request.StartsOn!.Value, request.EndsOn,
                string.IsNullOrWhiteSpace(request.Terms) ? null : request.Terms);
            await db.SaveChangesAsync(ct);
            return true;
        }

        /// <returns>False when there is no such organization.</returns>
        public async Task<bool> EndAsync(int organizationId, CancellationToken ct)
        {
            var organization = await db.Organizations.Include(o => o.Contract).FirstOrDefaultAsync(o => o.Id == organizationId, ct);
            if (organization is null)
            {
                return false;
            }
            organization.EndContract();
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
