using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Categories;

/// <summary>T2: the category list is read by everyone (the portal offers it) and edited by admins.</summary>
public static class CategoryEndpoints
{
    public sealed record SaveRequest(string? Slug, string? Name, string? NameEn, int? TeamId, string? DefaultPriority, int Position = 0, bool Active = true, int? TypicalEffortMinutes = null);

    public sealed record CategoryResponse(int Id, string Slug, string Name, string NameEn, int? TeamId, Priority DefaultPriority, int Position, bool Active, int TypicalEffortMinutes);

    public sealed class SaveValidator : AbstractValidator<SaveRequest>
    {
        public SaveValidator()
        {
            RuleFor(r => r.Slug).NotEmpty().MaximumLength(64).Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("A slug is lower-case letters, digits and dashes.");
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.NameEn).NotEmpty().MaximumLength(200);
            RuleFor(r => r.DefaultPriority).Must(p => Enums.TryParse<Priority>(p, out _)).WithMessage("Priority must be one of: urgent, high, medium, low.");
            RuleFor(r => r.TypicalEffortMinutes).InclusiveBetween(1, Category.MaxTypicalEffortMinutes)
                .When(r => r.TypicalEffortMinutes is not null)
                .WithMessage($"The typical effort is 1 to {Category.MaxTypicalEffortMinutes} business minutes (leave it out to keep it, or for the default).");
        }
    }

    public static IServiceCollection AddCategories(this IServiceCollection services) =>
        services.AddSingleton<IValidator<SaveRequest>, SaveValidator>()
            .AddScoped<SaveCategory.Handler>()
            .AddSingleton<IValidator<SaveCategory.Request>, SaveCategory.Validator>();

    public static IEndpointRouteBuilder MapCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        var categories = app.MapGroup("/api/v1/categories").WithTags("Categories");

        categories.MapGet("/", async (HaumaiDb db, CancellationToken ct) => TypedResults.Ok(
            await db.Categories.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Id)
                .Select(c => new CategoryResponse(c.Id, c.Slug, c.Name, c.NameEn, c.TeamId, c.DefaultPriority, c.Position, c.IsActive, c.TypicalEffortMinutes)).ToListAsync(ct)))
            .WithName("ListCategories").RequireAuthorization(AuthSetup.ApiPolicy);

        categories.MapPost("/", async Task<Results<Created<CategoryResponse>, ValidationProblem>> (SaveRequest request, HaumaiDb db, CancellationToken ct) =>
        {
            var slug = request.Slug!.Trim().ToLowerInvariant();
            if (await db.Categories.AnyAsync(c => c.Slug == slug, ct))
            {
                return Validation.Problem("slug", $"The slug '{slug}' is taken.");
            }
            if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                return Validation.Problem("teamId", $"There is no team {teamId}.");
            }
            var category = new Category(slug, request.Name!, request.NameEn!, request.TeamId, Enums.Parse<Priority>(request.DefaultPriority!), request.Position,
                request.TypicalEffortMinutes ?? Category.DefaultTypicalEffortMinutes);
            db.Categories.Add(category);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/categories/{category.Id}", Response(category));
        }).WithName("CreateCategory").Validate<SaveRequest>().RequireAuthorization(AuthSetup.AdminPolicy);

        categories.MapPut("/{id:int}", async Task<Results<Ok<CategoryResponse>, ProblemHttpResult, ValidationProblem>> (int id, SaveRequest request, HaumaiDb db, CancellationToken ct) =>
        {
            var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (category is null)
            {
                return Problems.NotFoundResult($"There is no category {id}.");
            }
            if (request.Slug!.Trim().ToLowerInvariant() != category.Slug)
            {
                return Validation.Problem("slug", "A category's slug does not change: tickets and integrations refer to it.");
            }
            if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                return Validation.Problem("teamId", $"There is no team {teamId}.");
            }
            category.Update(request.Name!, request.NameEn!, request.TeamId, Enums.Parse<Priority>(request.DefaultPriority!), request.Position, request.Active, request.TypicalEffortMinutes);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(Response(category));
        }).WithName("UpdateCategory").Validate<SaveRequest>().RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }

    private static CategoryResponse Response(Category c) => new(c.Id, c.Slug, c.Name, c.NameEn, c.TeamId, c.DefaultPriority, c.Position, c.IsActive, c.TypicalEffortMinutes);
}
