using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Categories;

/// <summary>
/// T2: an admin adds a category, or changes one: its names, the team it routes to, the default
/// priority, its place in lists, the typical effort the ETA counts (T6), and whether it takes new tickets.
/// </summary>
public static class SaveCategory
{
    public const string SlugPattern = "^[a-z0-9][a-z0-9-]*$";

    /// <param name="Slug">Required; on update it must be the category's own (tickets and integrations refer to it).</param>
    /// <param name="TypicalEffortMinutes">Business minutes; left out: the default for a new category, unchanged on update.</param>
    public sealed record Request(string? Slug, string? Name, string? NameEn, int? TeamId, string? DefaultPriority,
        int Position = 0, bool Active = true, int? TypicalEffortMinutes = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Slug).NotEmpty().MaximumLength(64);
            RuleFor(r => r.Slug).Matches(SlugPattern).WithMessage("A slug is lower-case letters, digits and dashes.").When(r => !string.IsNullOrEmpty(r.Slug));
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.NameEn).NotEmpty().MaximumLength(200);
            RuleFor(r => r.DefaultPriority).Must(p => Enums.TryParse<Priority>(p, out _)).WithMessage("Priority must be one of: urgent, high, medium, low.");
            RuleFor(r => r.Position).InclusiveBetween(0, 100_000);
            RuleFor(r => r.TypicalEffortMinutes).InclusiveBetween(1, Category.MaxTypicalEffortMinutes).When(r => r.TypicalEffortMinutes is not null);
        }
    }

    public enum Outcome { Saved, NotFound, SlugTaken, SlugChanged, NoSuchTeam }

    public sealed record Result(Outcome Outcome, Category? Category = null);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<Result> CreateAsync(Request request, CancellationToken ct)
        {
            var slug = request.Slug!.Trim().ToLowerInvariant();
            if (await db.Categories.AnyAsync(c => c.Slug == slug, ct))
            {
                return new Result(Outcome.SlugTaken);
            }
            if (!await TeamExistsAsync(request.TeamId, ct))
            {
                return new Result(Outcome.NoSuchTeam);
            }
            var category = new Category(slug, request.Name!, request.NameEn!, request.TeamId, Enums.Parse<Priority>(request.DefaultPriority!),
                request.Position, request.TypicalEffortMinutes ?? Category.DefaultTypicalEffortMinutes);
            if (!request.Active)
            {
                category.Update(category.Name, category.NameEn, category.TeamId, category.DefaultPriority, category.Position, isActive: false);
            }
            db.Categories.Add(category);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, category);
        }

        public async Task<Result> UpdateAsync(int id, Request request, CancellationToken ct)
        {
            var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (category is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (request.Slug!.Trim().ToLowerInvariant() != category.Slug)
            {
                return new Result(Outcome.SlugChanged, category);
            }
            if (!await TeamExistsAsync(request.TeamId, ct))
            {
                return new Result(Outcome.NoSuchTeam, category);
            }
            category.Update(request.Name!, request.NameEn!, request.TeamId, Enums.Parse<Priority>(request.DefaultPriority!),
                request.Position, request.Active, request.TypicalEffortMinutes);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, category);
        }

        private async Task<bool> TeamExistsAsync(int? teamId, CancellationToken ct) =>
            teamId is not { } id || await db.Teams.AnyAsync(t => t.Id == id, ct);
    }
}
