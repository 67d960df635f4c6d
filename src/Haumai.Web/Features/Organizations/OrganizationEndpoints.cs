using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Organizations;

public static class OrganizationEndpoints
{
    public sealed record ContractInput(string? Number, DateOnly? StartsOn, DateOnly? EndsOn, string? Terms);

    public sealed record CreateRequest(string? Slug, string? Name, string? Plan, ContractInput? Contract);

    public sealed record ContractResponse(string Number, DateOnly StartsOn, DateOnly? EndsOn, string? Terms);

    public sealed record OrganizationResponse(int Id, string Slug, string Name, Plan Plan, ContractResponse? Contract);

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Slug).NotEmpty().MaximumLength(64).Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("A slug is lower-case letters, digits and dashes.");
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Plan).Must(p => Enums.TryParse<Plan>(p, out _)).WithMessage("Plan must be free or paid.");
            RuleFor(r => r.Contract!.Number).NotEmpty().MaximumLength(64).When(r => r.Contract is not null).WithName("contract.number");
            RuleFor(r => r.Contract!.StartsOn).NotNull().When(r => r.Contract is not null).WithName("contract.startsOn");
            RuleFor(r => r.Contract!.EndsOn).GreaterThanOrEqualTo(r => r.Contract!.StartsOn)
                .When(r => r.Contract is { EndsOn: not null, StartsOn: not null }).WithName("contract.endsOn");
        }
    }

    public static IServiceCollection AddOrganizations(this IServiceCollection services) =>
        services.AddSingleton<IValidator<CreateRequest>, CreateValidator>()
            .AddScoped<SaveOrganization.Handler>()
            .AddScoped<SaveContract.Handler>()
            .AddSingleton<IValidator<SaveOrganization.Request>, SaveOrganization.Validator>()
            .AddSingleton<IValidator<SaveContract.Request>, SaveContract.Validator>();

    public static IEndpointRouteBuilder MapOrganizationEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/organizations").WithTags("Organizations");

        orgs.MapGet("/", async (HaumaiDb db, CancellationToken ct) => TypedResults.Ok(
            (await db.Organizations.AsNoTracking().Include(o => o.Contract).OrderBy(o => o.Name).ToListAsync(ct)).Select(Response).ToList()))
            .WithName("ListOrganizations").RequireAuthorization(AuthSetup.StaffPolicy);

        orgs.MapPost("/", async Task<Results<Created<OrganizationResponse>, ValidationProblem>> (CreateRequest request, HaumaiDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var slug = request.Slug!.Trim().ToLowerInvariant();
            if (await db.Organizations.AnyAsync(o => o.Slug == slug, ct))
            {
                return Validation.Problem("slug", $"The slug '{slug}' is taken.");
            }
            var org = new Organization(slug, request.Name!, Enums.Parse<Plan>(request.Plan!), clock.GetUtcNow().UtcDateTime);
            if (request.Contract is { } c)
            {
                org.SignContract(c.Number!, c.StartsOn!.Value, c.EndsOn, c.Terms);
            }
            db.Organizations.Add(org);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/organizations/{org.Id}", Response(org));
        }).WithName("CreateOrganization").Validate<CreateRequest>().RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }

    private static OrganizationResponse Response(Organization o) => new(o.Id, o.Slug, o.Name, o.Plan,
        o.Contract is { } c ? new ContractResponse(c.Number, c.StartsOn, c.EndsOn, c.Terms) : null);
}
