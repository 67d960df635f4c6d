using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Infrastructure.Cli;

/// <summary>
/// The <c>haumai</c> commands, run as the real executable against a SQLite data folder of their
/// own (a process takes about a second, so each test does several steps).
/// </summary>
public sealed class SqliteCliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "haumai-tests", Guid.NewGuid().ToString("N"));
    private readonly HaumaiProcess _haumai;

    public SqliteCliTests()
    {
        Directory.CreateDirectory(_directory);
        _haumai = new HaumaiProcess(_directory, new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = Path.Combine(_directory, "data"),
            ["Logging__LogLevel__Default"] = "Warning",
        });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private HaumaiDb OpenDatabase()
    {
        var options = new DbContextOptionsBuilder<HaumaiDb>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "data", "haumai.db")};Pooling=False");
        return new HaumaiDb(options.Options);
    }

    [Fact]
    public async Task Migrate_lists_what_it_applied_then_says_the_database_is_up_to_date()
    {
        var versions = MigrationRunner.Available(DatabaseProvider.Sqlite).Select(m => m.Version);

        var first = await _haumai.RunAsync("migrate");
        var second = await _haumai.RunAsync("migrate");

        first.ExitCode.ShouldBe(0, first.ToString());
        first.Output.ShouldContain($"Applied migrations: {string.Join(", ", versions)}.", Case.Sensitive, first.ToString());
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Output.ShouldContain("up to date", Case.Sensitive, second.ToString());
        second.Output.ShouldNotContain("Applied");
        File.Exists(Path.Combine(_directory, "data", "haumai.db")).ShouldBeTrue("the database goes in Storage:DataDirectory");
    }

    [Fact]
    public async Task User_create_makes_a_user_and_refuses_duplicates_unknown_roles_and_unknown_organizations()
    {
        var created = await _haumai.RunAsync("user", "create", "--email", "Quan.Tri@Acme.vn", "--name", "Nguyễn Quản Trị", "--role", "admin", "--password", "mat-khau-that-dai");
        var duplicate = await _haumai.RunAsync("user", "create", "--email", "quan.tri@acme.vn", "--name", "Người khác", "--role", "agent");
        var wizard = await _haumai.RunAsync("user", "create", "--email", "phu.thuy@acme.vn", "--name", "Phù Thủy", "--role", "wizard");
        var noOrg = await _haumai.RunAsync("user", "create", "--email", "khach@acme.vn", "--name", "Khách", "--role", "customer", "--org", "khong-co-cong-ty");

        created.ExitCode.ShouldBe(0, created.ToString());
        created.Output.ShouldContain("Created admin quan.tri@acme.vn", Case.Sensitive, created.ToString());

        duplicate.ExitCode.ShouldNotBe(0, duplicate.ToString());
        duplicate.Error.ShouldContain("already exists", Case.Insensitive, duplicate.ToString());
        duplicate.Error.ShouldContain("quan.tri@acme.vn", Case.Insensitive, duplicate.ToString());

        wizard.ExitCode.ShouldNotBe(0, wizard.ToString());
        wizard.Error.ShouldContain("wizard", Case.Sensitive, wizard.ToString());

        noOrg.ExitCode.ShouldNotBe(0, noOrg.ToString());
        noOrg.Error.ShouldContain("organization", Case.Insensitive, noOrg.ToString());
        noOrg.Error.ShouldContain("khong-co-cong-ty", Case.Sensitive, noOrg.ToString());

        await using var db = OpenDatabase();
        var users = await db.Users.ToListAsync();
        var admin = users.ShouldHaveSingleItem();
        admin.Email.ShouldBe("quan.tri@acme.vn");
        admin.Name.ShouldBe("Nguyễn Quản Trị");
        admin.Role.ShouldBe(Role.Admin);
        admin.PasswordHash.ShouldNotBeNullOrEmpty();
        admin.PasswordHash.ShouldNotContain("mat-khau-that-dai");
    }

    [Fact]
    public async Task Token_create_prints_the_token_last_and_the_server_accepts_it()
    {
        (await _haumai.RunAsync("user", "create", "--email", "ci@acme.vn", "--name", "CI", "--role", "admin")).ExitCode.ShouldBe(0);
        var issued = await _haumai.RunAsync("token", "create", "--user", "ci@acme.vn", "--name", "ci");

        issued.ExitCode.ShouldBe(0, issued.ToString());
        var token = issued.OutputLines[^1];
        token.ShouldStartWith(ApiToken.SecretPrefix, Case.Sensitive, issued.ToString());
        token.Length.ShouldBeGreaterThanOrEqualTo(40, issued.ToString());
        issued.OutputLines.Length.ShouldBeGreaterThan(1, "a line says what the token is before the token itself");

        await using var server = await _haumai.StartServerAsync();
        using var client = new HttpClient { BaseAddress = server.Address };
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(Json.NewTicket("khach@acme.vn")) };
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token[..^1] + (token[^1] == 'x' ? 'y' : 'x'));
        using var real = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(Json.NewTicket("khach@acme.vn")) };
        real.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var refused = await client.SendAsync(forged);
        var accepted = await client.SendAsync(real);

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, server.Log);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created, $"{await accepted.Content.ReadAsStringAsync()}\n{server.Log}");
        ((long)(await accepted.ReadJsonAsync())["id"]!).ShouldBe(10001, "the first ticket of a new database");
    }
}

/// <summary>The same executable on PostgreSQL: the provider and connection come from the environment.</summary>
public sealed class PostgresCliTests : IAsyncLifetime
{
    private readonly string _database = "haumai_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "haumai-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await Postgres.CreateDatabaseAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await Postgres.DropDatabaseAsync(_database);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Migrate_user_create_and_token_create_work_on_Postgres()
    {
        var haumai = new HaumaiProcess(_directory, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Haumai"] = Postgres.ConnectionStringFor(_database),
            ["Storage__DataDirectory"] = Path.Combine(_directory, "data"),
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var versions = MigrationRunner.Available(DatabaseProvider.Postgres).Select(m => m.Version);

        var migrate = await haumai.RunAsync("migrate");
        var user = await haumai.RunAsync("user", "create", "--email", "agent@acme.vn", "--name", "Lê Thị Hỗ Trợ", "--role", "agent", "--password", "mat-khau-that-dai");
        var token = await haumai.RunAsync("token", "create", "--user", "agent@acme.vn", "--name", "ci");

        migrate.ExitCode.ShouldBe(0, migrate.ToString());
        migrate.Output.ShouldContain($"Applied migrations: {string.Join(", ", versions)}.", Case.Sensitive, migrate.ToString());
        user.ExitCode.ShouldBe(0, user.ToString());
        token.ExitCode.ShouldBe(0, token.ToString());

        var options = new DbContextOptionsBuilder<HaumaiDb>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, Postgres.ConnectionStringFor(_database));
        await using var db = new HaumaiDb(options.Options);
        var agent = await db.Users.SingleAsync(u => u.Email == "agent@acme.vn");
        agent.Role.ShouldBe(Role.Agent);
        var stored = await db.ApiTokens.SingleAsync(t => t.UserId == agent.Id);
        stored.Name.ShouldBe("ci");
        var secret = token.OutputLines[^1];
        secret.ShouldStartWith(ApiToken.SecretPrefix);
        ApiToken.HashSecret(secret).ShouldBe(stored.Hash, "the last line is the token itself");
    }
}
