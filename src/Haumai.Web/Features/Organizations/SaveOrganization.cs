using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Organizations;

/// <summary>An admin creates a customer organization, or renames one and changes its plan (free or paid).</summary>
public static class SaveOrganization
{
    public const string SlugPattern = "^[a-z0-9][a-z0-9-]*$";

    /// <param name="Slug">Required; on update it must be the organization's own (the CLI and integrations refer to it).</param>
    public sealed record Request(string? Slug, string? Name, string? Plan);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Slug).NotEmpty().MaximumLength(64);
            RuleFor(r => r.Slug).Matches(SlugPattern).WithMessage("A slug is lower-case letters, digits and dashes.").When(r => !string.IsNullOrEmpty(r.Slug));
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Plan).Must(p => Enums.TryParse<Plan>(p, out _)).WithMessage("Plan must be free or paid.");
        }
    }

    public enum Outcome { Saved, NotFound, SlugTaken, SlugChanged }

    public sealed record Result(Outcome Outcome, Organization? Organization = null);

    public sealed class Handler(HaumaiDb db, TimeProvider clock)
    {
        public async Task<Result> CreateAsync(Request request, CancellationToken ct)
        {
            var slug = request.Slug!.Trim().ToLowerInvariant();
            if (await db.Organizations.AnyAsync(o => o.Slug == slug, ct))
            {
                return new Result(Outcome.SlugTaken);
            }
            var organization = new Organization(slug, request.Name!, Enums.Parse<Plan>(request.Plan!), clock.GetUtcNow().UtcDateTime);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, organization);
        }

        public async Task<Result> UpdateAsync(int id, Request request, CancellationToken ct)
        {
            var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (organization is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (request.Slug!.Trim().ToLowerInvariant() != organization.Slug)
            {
                return new Result(Outcome.SlugChanged, organization);
            }
            organization.Rename(request.Name!);
            organization.ChangePlan(Enums.Parse<Plan>(request.Plan!));
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, organization);
        }
    }
}
