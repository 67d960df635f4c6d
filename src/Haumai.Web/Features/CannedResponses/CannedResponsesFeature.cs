using FluentValidation;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haumai.Web.Features.CannedResponses;

/// <summary>T8: canned responses, managed by admins, inserted by agents.</summary>
public static class CannedResponsesFeature
{
    public sealed record CannedResponseResponse(int Id, string Title, string Body, int? TeamId, string? TeamName, DateTime CreatedAt, DateTime UpdatedAt);

    public static IServiceCollection AddCannedResponses(this IServiceCollection services)
    {
        services.AddScoped<ListCannedResponses.Handler>();
        services.AddScoped<SaveCannedResponse.Handler>();
        services.AddScoped<DeleteCannedResponse.Handler>();
        services.AddSingleton<IValidator<SaveCannedResponse.Request>, SaveCannedResponse.Validator>();
        return services;
    }

    public static WebApplication MapCannedResponseEndpoints(this WebApplication app)
    {
        var responses = app.MapGroup("/api/v1/canned-responses").WithTags("Canned responses");

        // Staff read what they may use (their teams' and the global ones); ?teamId= narrows to one team's ticket.
        responses.MapGet("/", async (int? teamId, ListCannedResponses.Handler list, CancellationToken ct) =>
            TypedResults.Ok((await list.HandleAsync(teamId, ct)).Select(Response).ToList()))
            .WithName("ListCannedResponses").RequireAuthorization(AuthSetup.StaffPolicy);

        responses.MapGet("/{id:int}", async Task<Results<Ok<CannedResponseResponse>, ProblemHttpResult>> (int id, ListCannedResponses.Handler list, CancellationToken ct) =>
            await list.FindAsync(id, ct) is { } item ? TypedResults.Ok(Response(item)) : Problems.NotFoundResult($"There is no canned response {id}."))
            .WithName("GetCannedResponse").RequireAuthorization(AuthSetup.StaffPolicy);

        responses.MapPost("/", async Task<Results<Created<CannedResponseResponse>, ValidationProblem>> (
            SaveCannedResponse.Request request, SaveCannedResponse.Handler save, ListCannedResponses.Handler list, CancellationToken ct) =>
        {
            var result = await save.CreateAsync(request, ct);
            if (result.Outcome == SaveCannedResponse.Outcome.NoSuchTeam)
            {
                return NoSuchTeam(request);
            }
            var item = (await list.FindAsync(result.Response!.Id, ct))!;
            return TypedResults.Created($"/api/v1/canned-responses/{item.Id}", Response(item));
        }).WithName("CreateCannedResponse").Validate<SaveCannedResponse.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        responses.MapPut("/{id:int}", async Task<Results<Ok<CannedResponseResponse>, ProblemHttpResult, ValidationProblem>> (
            int id, SaveCannedResponse.Request request, SaveCannedResponse.Handler save, ListCannedResponses.Handler list, CancellationToken ct) =>
        {
            var result = await save.UpdateAsync(id, request, ct);
            return result.Outcome switch
            {
                SaveCannedResponse.Outcome.NotFound => Problems.NotFoundResult($"There is no canned response {id}."),
                SaveCannedResponse.Outcome.NoSuchTeam => NoSuchTeam(request),
                _ => TypedResults.Ok(Response((await list.FindAsync(id, ct))!)),
            };
        }).WithName("UpdateCannedResponse").Validate<SaveCannedResponse.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        responses.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, DeleteCannedResponse.Handler delete, CancellationToken ct) =>
            await delete.HandleAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFoundResult($"There is no canned response {id}."))
            .WithName("DeleteCannedResponse").RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }

    private static ValidationProblem NoSuchTeam(SaveCannedResponse.Request request) =>
        Validation.Problem("teamId", $"There is no team {request.TeamId}.");

    private static CannedResponseResponse Response(ListCannedResponses.Item i) =>
        new(i.Id, i.Title, i.Body, i.TeamId, i.TeamName, i.CreatedAt, i.UpdatedAt);
}
