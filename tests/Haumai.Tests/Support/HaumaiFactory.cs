using System.Net.Http.Headers;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Haumai.Tests.Support;

/// <summary>
/// A real Haumai over HTTP (in-memory test server) on a real database: a fresh SQLite file in a
/// temp folder, or a fresh database on the PostgreSQL server that scripts/test.sh starts. Schema
/// comes from the real migrations, as in production.
/// </summary>
public abstract class HaumaiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestClock Clock { get; } = new();
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "haumai-tests", Guid.NewGuid().ToString("N"));

    public abstract DatabaseProvider Provider { get; }

    /// <summary>On PostgreSQL, a database of the fixture's own, created at start and dropped at the end.</summary>
    private readonly string _database = "haumai_test_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Null on SQLite: the file goes in <see cref="DataDirectory"/>.</summary>
    protected string? ConnectionString => Provider == DatabaseProvider.Postgres ? Postgres.ConnectionStringFor(_database) : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        if (ConnectionString is { } cs)
        {
            builder.UseSetting("ConnectionStrings:Haumai", cs);
        }
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests drive mailbox passes themselves; a background reader would race them for the same messages.
        builder.UseSetting("Mail:Inbound:Poller:Enabled", "false");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await Postgres.CreateDatabaseAsync(_database);
        }
        Directory.CreateDirectory(DataDirectory);
        _ = Server; // start the host now: migrations run here, not inside the first test
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DropAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task DropAsync() => Provider == DatabaseProvider.Postgres ? Postgres.DropDatabaseAsync(_database) : Task.CompletedTask;

    /// <summary>Runs code against the app's own services (to set up data the API has no endpoint for).</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<HaumaiDb, Task<T>> work) =>
        WithScopeAsync(sp => work(sp.GetRequiredService<HaumaiDb>()));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A user with an API token, and an HTTP client that uses it.</summary>
    public async Task<TestUser> CreateUserAsync(Role role, string? orgSlug = null, bool orgAdmin = false, string? name = null, string? password = null)
    {
        var email = $"{Unique(role.ToString().ToLowerInvariant())}@example.vn";
        return await WithScopeAsync(async sp =>
        {
            var (user, field, error) = await sp.GetRequiredService<CreateUser.Handler>().HandleAsync(
                new CreateUser.Request(email, name ?? $"Người dùng {role}", role.ToString(), orgSlug, password, orgAdmin), default);
            if (user is null)
            {
                throw new InvalidOperationException($"{field}: {error}");
            }
            var token = await sp.GetRequiredService<CreateApiToken.Handler>().HandleAsync(user, "tests", default);
            return new TestUser(user.Id, user.Email, token.Id, token.Token, ClientWithToken(token.Token));
        });
    }

    /// <summary>Deactivates or reactivates a user (a sender whose mail is parked while deactivated).</summary>
    public Task<int> SetActiveAsync(int userId, bool active) =>
        WithDbAsync(async db =>
        {
            var user = await db.Users.FirstAsync(u => u.Id == userId);
            if (active)
            {
                user.Activate();
            }
            else
            {
                user.Deactivate();
            }
            return await db.SaveChangesAsync();
        });

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<Organization> CreateOrganizationAsync(Plan plan = Plan.Free) =>
        await WithDbAsync(async db =>
        {
            var org = new Organization(Unique("org"), "Công ty TNHH Thử nghiệm", plan, Clock.GetUtcNow().UtcDateTime);
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            return org;
        });

    public async Task<int> CreateTeamAsync(Haumai.Web.Features.Teams.AssignmentMode mode = Haumai.Web.Features.Teams.AssignmentMode.Manual, params int[] members) =>
        await WithDbAsync(async db =>
        {
            var team = new Haumai.Web.Features.Teams.Team(Unique("team"), "Nhóm thử nghiệm", mode);
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            foreach (var m in members)
            {
                team.AddMember(m);
            }
            await db.SaveChangesAsync();
            return team.Id;
        });

    public async Task AddToTeamAsync(string teamSlug, int userId, bool lead = false) =>
        await WithDbAsync(async db =>
        {
            var team = db.Teams.Single(t => t.Slug == teamSlug);
            await db.Entry(team).Collection(t => t.Members).LoadAsync();
            team.AddMember(userId, lead);
            await db.SaveChangesAsync();
            return 0;
        });
}

public sealed record TestUser(int Id, string Email, int TokenId, string Token, HttpClient Client);

public sealed class SqliteApp : HaumaiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresApp : HaumaiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The PostgreSQL server of the test run (scripts/test.sh starts it and sets
/// HAUMAI_TEST_POSTGRES). Tests that need it fail, not skip, when it is missing.
/// </summary>
public static class Postgres
{
    public static string Admin =>
        Environment.GetEnvironmentVariable("HAUMAI_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=haumai;Password=haumai;Database=postgres";

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(Admin) { Database = database, Pooling = true, MaxPoolSize = 30 }.ToString();

    public static async Task CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Drops a test database. A backend of another role (autovacuum, a child process still closing)
    /// can refuse the FORCE for a moment, so it tries a few times; a database left behind is
    /// litter, not a test failure, and is named in the output.
    /// </summary>
    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(Admin);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006")
            {
                if (attempt == 5)
                {
                    Console.Error.WriteLine($"Could not drop test database {database}: {e.MessageText}");
                    return;
                }
                await Task.Delay(300 * attempt);
            }
        }
    }
}

[CollectionDefinition("sqlite")]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>;
