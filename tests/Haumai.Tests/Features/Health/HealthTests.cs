using System.Net;
using Haumai.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Haumai.Tests.Features.Health;

/// <summary>Liveness and readiness on a healthy, migrated app, once per provider.</summary>
public abstract class HealthTests(HaumaiFactory app, string provider)
{
    [Fact]
    public async Task Health_answers_200_without_authentication()
    {
        var response = await app.CreateClient().GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await response.ReadJsonAsync())["status"]!).ShouldBe("ok");
    }

    [Fact]
    public async Task Ready_answers_200_when_the_database_is_reachable_and_migrated()
    {
        var response = await app.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        ((string)body["status"]!).ShouldBe("ready");
        ((string)body["database"]!).ShouldBe(provider);
    }
}

[Collection("sqlite")]
public sealed class SqliteHealthTests(SqliteApp app) : HealthTests(app, "sqlite");

[Collection("postgres")]
public sealed class PostgresHealthTests(PostgresApp app) : HealthTests(app, "postgres");

/// <summary>A host whose database is not there, or not migrated: alive, but not ready.</summary>
public sealed class UnhealthyDatabaseTests
{
    [Fact]
    public async Task An_unreachable_Postgres_makes_ready_503_while_health_stays_200()
    {
        // Nothing listens on port 1; the connection is refused at once.
        await using var app = new HostOn(
            ("Database:Provider", "Postgres"),
            ("ConnectionStrings:Haumai", "Host=127.0.0.1;Port=1;Username=haumai;Password=haumai;Database=haumai;Timeout=5;Pooling=false"));
        var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var health = await client.GetAsync("/health");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await ready.Content.ReadAsStringAsync());
        var body = await ready.ReadJsonAsync();
        ((string)body["status"]!).ShouldBe("database-unreachable");
        ((string)body["database"]!).ShouldBe("postgres");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_database_without_its_migrations_makes_ready_503()
    {
        var directory = Path.Combine(Path.GetTempPath(), "haumai-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var app = new HostOn(("Database:Provider", "Sqlite"), ("Storage:DataDirectory", directory)))
            {
                var ready = await app.CreateClient().GetAsync("/health/ready");

                ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await ready.Content.ReadAsStringAsync());
                ((string)(await ready.ReadJsonAsync())["status"]!).ShouldBe("migrations-pending");
                (await app.CreateClient().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The real app with startup migration off (it would fail the start) and the given settings.</summary>
    private sealed class HostOn(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
