using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Health;

/// <summary>
/// <c>/health</c>: the process answers (liveness). <c>/health/ready</c>: it can reach its
/// database and the schema is migrated, so a load balancer may send it traffic.
/// </summary>
public static class HealthEndpoints
{
    public sealed record HealthStatus(string Status, string? Database = null, string? Detail = null);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).WithTags("Health").WithName("Health").AllowAnonymous();
        app.MapGet("/health/ready", async (HaumaiDb db, CancellationToken ct) =>
        {
            var provider = db.IsSqlite ? "sqlite" : "postgres";
            try
            {
                var applied = await new MigrationRunner(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance).AppliedAsync(ct);
                var expected = MigrationRunner.Available(db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres).Select(m => m.Version);
                return expected.All(applied.Contains)
                    ? Results.Ok(new HealthStatus("ready", provider))
                    : Results.Json(new HealthStatus("migrations-pending", provider), statusCode: 503);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                return Results.Json(new HealthStatus("database-unreachable", provider, e.GetType().Name), statusCode: 503);
            }
        }).WithTags("Health").WithName("HealthReady").AllowAnonymous();
        return app;
    }
}
