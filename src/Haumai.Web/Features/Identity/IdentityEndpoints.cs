using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

public static class IdentityEndpoints
{
    public sealed record Me(int Id, string Email, string Name, Role Role, int? OrganizationId, bool OrgAdmin, string Language, string TimeZone);

    public sealed record TokenInfo(int Id, string Name, string Hint, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    public sealed record UserCreated(int Id, string Email, string Name, Role Role, int? OrganizationId, bool OrgAdmin);

    public static IServiceCollection AddIdentityFeature(this IServiceCollection services)
    {
        services.AddScoped<CreateUser.Handler>();
        services.AddScoped<CreateApiToken.Handler>();
        services.AddScoped<PasswordSignIn.Handler>();
        services.AddScoped<UpdatePreferences.Handler>();
        services.AddScoped<ListUsers.Handler>();
        services.AddScoped<UpdateUser.Handler>();
        services.AddScoped<SetUserActive.Handler>();
        services.AddScoped<SetPassword.Handler>();
        services.AddScoped<ListApiTokens.Handler>();
        services.AddScoped<RevokeApiToken.Handler>();
        services.AddSingleton<FluentValidation.IValidator<UpdateUser.Request>, UpdateUser.Validator>();
        services.AddSingleton<FluentValidation.IValidator<SetPassword.Request>, SetPassword.Validator>();
        services.AddSingleton<FluentValidation.IValidator<CreateUser.Request>, CreateUser.Validator>();
        services.AddSingleton<FluentValidation.IValidator<CreateApiToken.Request>, CreateApiToken.Validator>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Identity");

        api.MapGet("/me", async (CurrentUser current, HaumaiDb db, CancellationToken ct) =>
        {
            var id = current.Id;
            var u = await db.Users.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            return TypedResults.Ok(new Me(u.Id, u.Email, u.Name, u.Role, u.OrganizationId, u.IsOrgAdmin, u.Language, u.TimeZone));
        }).WithName("GetMe").RequireAuthorization(AuthSetup.ApiPolicy);

        api.MapGet("/tokens", async (CurrentUser current, HaumaiDb db, CancellationToken ct) =>
        {
            var id = current.Id;
            return TypedResults.Ok(await db.ApiTokens.AsNoTracking().Where(t => t.UserId == id).OrderBy(t => t.Id)
                .Select(t => new TokenInfo(t.Id, t.Name, t.Hint, t.CreatedAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(ct));
        }).WithName("ListTokens").RequireAuthorization(AuthSetup.ApiPolicy);

        api.MapPost("/tokens", async (CreateApiToken.Request request, CurrentUser current, HaumaiDb db, CreateApiToken.Handler handler, CancellationToken ct) =>
        {
            var id = current.Id;
            var user = await db.Users.FirstAsync(u => u.Id == id, ct);
            var created = await handler.HandleAsync(user, request.Name!, ct);
            return TypedResults.Created($"/api/v1/tokens/{created.Id}", created);
        }).WithName("CreateToken").Validate<CreateApiToken.Request>().RequireAuthorization(AuthSetup.ApiPolicy);

        api.MapDelete("/tokens/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, CurrentUser current, HaumaiDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var me = current.Id;
            var admin = current.IsAdmin;
            var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (admin || t.UserId == me), ct);
            if (token is null)
            {
                return Problems.NotFoundResult($"There is no token {id}.");
            }
            token.Revoke(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }).WithName("RevokeToken").RequireAuthorization(AuthSetup.ApiPolicy);

        api.MapPost("/users", async Task<Results<Created<UserCreated>, ValidationProblem>> (CreateUser.Request request, CreateUser.Handler handler, CancellationToken ct) =>
        {
            var (user, field, error) = await handler.HandleAsync(request, ct);
            if (user is null)
            {
                return Validation.Problem(field!, error!);
            }
            return TypedResults.Created($"/api/v1/users/{user.Id}", new UserCreated(user.Id, user.Email, user.Name, user.Role, user.OrganizationId, user.IsOrgAdmin));
        }).WithName("CreateUser").Validate<CreateUser.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }
}
