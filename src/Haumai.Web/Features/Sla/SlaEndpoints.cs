using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Sla;

/// <summary>S2: staff read the SLA policies (they explain a ticket's due times); admins write and order them.</summary>
public static class SlaEndpoints
{
    public static IServiceCollection AddSla(this IServiceCollection services)
    {
        services.AddOptions<SlaOptions>().BindConfiguration("Sla").ValidateOnStart();
        services.AddScoped<TicketSla>();
        services.AddScoped<SlaAlarmPlanner>();
        services.AddSingleton<SlaAlarmScanner>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaAlarmScanner>());
        services.AddHostedService<RecomputeOnCalendarChange>();
        services.AddScoped<SaveSlaPolicy.Handler>();
        services.AddScoped<ReorderSlaPolicies.Handler>();
        services.AddSingleton<IValidator<SaveSlaPolicy.Request>, SaveSlaPolicy.Validator>();
        return services;
    }

    public static IEndpointRouteBuilder MapSlaEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/sla-policies").WithTags("SLA");

        policies.MapGet("/", async (HaumaiDb db, CancellationToken ct) => TypedResults.Ok(await ListAsync(db, ct)))
            .WithName("ListSlaPolicies").RequireAuthorization(AuthSetup.StaffPolicy);

        policies.MapGet("/{id:int}", async Task<Results<Ok<SlaPolicyResponse>, ProblemHttpResult>> (int id, HaumaiDb db, CancellationToken ct) =>
            (await ListAsync(db, ct)).FirstOrDefault(p => p.Id == id) is { } policy
                ? TypedResults.Ok(policy)
                : NotFound(id))
            .WithName("GetSlaPolicy").RequireAuthorization(AuthSetup.StaffPolicy);

        policies.MapPost("/", async Task<Results<Created<SlaPolicyResponse>, ValidationProblem>> (SaveSlaPolicy.Request request, SaveSlaPolicy.Handler handler, HaumaiDb db, CancellationToken ct) =>
        {
            var result = await handler.CreateAsync(request, ct);
            if (result.Policy is not { } policy)
            {
                return Validation.Problem(result.Field!, result.Error!);
            }
            return TypedResults.Created($"/api/v1/sla-policies/{policy.Id}", await ResponseAsync(db, policy, ct));
        }).WithName("CreateSlaPolicy").Validate<SaveSlaPolicy.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        policies.MapPut("/{id:int}", async Task<Results<Ok<SlaPolicyResponse>, ProblemHttpResult, ValidationProblem>> (int id, SaveSlaPolicy.Request request, SaveSlaPolicy.Handler handler, HaumaiDb db, CancellationToken ct) =>
        {
            var result = await handler.UpdateAsync(id, request, ct);
            return result.Outcome switch
            {
                SaveSlaPolicy.Outcome.NotFound => NotFound(id),
                SaveSlaPolicy.Outcome.Invalid => Validation.Problem(result.Field!, result.Error!),
                _ => TypedResults.Ok(await ResponseAsync(db, result.Policy!, ct)),
            };
        }).WithName("UpdateSlaPolicy").Validate<SaveSlaPolicy.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        policies.MapPut("/order", async Task<Results<Ok<List<SlaPolicyResponse>>, ValidationProblem>> (ReorderSlaPolicies.Request request, ReorderSlaPolicies.Handler handler, HaumaiDb db, CancellationToken ct) =>
        {
            var (ok, error) = await handler.HandleAsync(request, ct);
            return ok ? TypedResults.Ok(await ListAsync(db, ct)) : Validation.Problem("ids", error!);
        }).WithName("ReorderSlaPolicies").RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }

    /// <summary>Every policy in the order they are tried, the default last.</summary>
    private static async Task<List<SlaPolicyResponse>> ListAsync(HaumaiDb db, CancellationToken ct)
    {
        var policies = await db.SlaPolicies.AsNoTracking().Include(p => p.Targets).ToListAsync(ct);
        var categories = await CategorySlugsAsync(db, policies, ct);
        return SlaPolicy.InMatchOrder(policies).Select(p => Response(p, categories)).ToList();
    }

    private static async Task<SlaPolicyResponse> ResponseAsync(HaumaiDb db, SlaPolicy policy, CancellationToken ct) =>
        Response(policy, await CategorySlugsAsync(db, [policy], ct));

    private static async Task<Dictionary<int, string>> CategorySlugsAsync(HaumaiDb db, List<SlaPolicy> policies, CancellationToken ct)
    {
        var ids = policies.Where(p => p.CategoryId != null).Select(p => p.CategoryId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Slug, ct);
    }

    private static SlaPolicyResponse Response(SlaPolicy p, Dictionary<int, string> categorySlugs) => new(
        p.Id, p.Name, p.NameEn, p.Position, p.CalendarSlug, p.IsDefault,
        new SlaConditionsResponse(p.CategoryId is { } c ? categorySlugs.GetValueOrDefault(c) : null, p.TeamId, p.Plan, p.HasContract),
        p.Targets.OrderBy(t => t.Priority)
            .Select(t => new SlaTargetResponse(t.Priority, t.FirstResponseMinutes, t.NextResponseMinutes, t.ResolutionMinutes)).ToList(),
        p.UpdatedAt);

    private static ProblemHttpResult NotFound(int id) => Problems.NotFoundResult($"There is no SLA policy {id}.");
}
