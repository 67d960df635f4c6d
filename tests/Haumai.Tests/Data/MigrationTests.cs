using System.Data;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Haumai.Tests.Data;

/// <summary>The migration runner on a database of its own, once per provider.</summary>
public abstract class MigrationTests(DatabaseProvider provider)
{
    private static readonly string[] SeededCategories =
    [
        "usage-guidance", "technical-fault", "question", "operations-incident", "complaint",
        "training-request", "warranty-claim", "paid-work-request", "sales-enquiry",
    ];

    protected DatabaseProvider Provider => provider;

    protected abstract HaumaiFactory NewApp();

    [Fact]
    public async Task Migrating_twice_applies_everything_once_and_records_every_version()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(provider);
        var available = MigrationRunner.Available(provider);
        available.ShouldNotBeEmpty();
        available.Select(m => m.Version).ShouldBe(available.Select(m => m.Version).Order(), "migrations apply in version order");

        var first = await scratch.MigrateAsync();
        var second = await scratch.MigrateAsync();

        first.ShouldBe(available.Select(m => m.Version).ToList());
        second.ShouldBeEmpty();
        await using var db = scratch.NewContext();
        var recorded = await db.Database
            .SqlQueryRaw<RecordedMigration>("SELECT version AS \"Version\", name AS \"Name\", applied_at AS \"AppliedAt\" FROM schema_migrations")
            .ToListAsync();
        recorded.OrderBy(r => r.Version).Select(r => (r.Version, r.Name)).ShouldBe(available.Select(m => (m.Version, m.Name)));
        recorded.ShouldAllBe(r => DateTimeOffset.Parse(r.AppliedAt, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddHours(-1));
        (await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).AppliedAsync())
            .Order().ShouldBe(available.Select(m => m.Version));
    }

    [Fact]
    public async Task The_first_migration_installs_the_two_teams_and_the_nine_categories()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(provider);
        await scratch.MigrateAsync();
        await using var db = scratch.NewContext();

        var teams = await db.Teams.ToDictionaryAsync(t => t.Slug, t => t.Id);
        teams.Keys.ShouldBe(["technical", "sales"], ignoreOrder: true);
        var categories = await db.Categories.OrderBy(c => c.Position).ToListAsync();
        categories.Select(c => c.Slug).ShouldBe(SeededCategories);
        categories.ShouldAllBe(c => c.IsActive && c.TeamId != null && c.Name != "" && c.NameEn != "");
        categories.Single(c => c.Slug == "technical-fault").TeamId.ShouldBe(teams["technical"]);
        categories.Single(c => c.Slug == "sales-enquiry").TeamId.ShouldBe(teams["sales"]);
    }

    [Fact]
    public async Task The_first_ticket_of_a_new_database_is_number_10001()
    {
        var app = NewApp();
        await app.InitializeAsync();
        try
        {
            var admin = await app.CreateUserAsync(Role.Admin);

            var first = await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("khach-dau-tien@acme.vn"));
            var second = await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("khach-dau-tien@acme.vn"));

            first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
            var ticket = await first.ReadJsonAsync();
            ((long)ticket["id"]!).ShouldBe(10001);
            ((string)ticket["number"]!).ShouldBe("#10001");
            ((long)(await second.ReadJsonAsync())["id"]!).ShouldBe(10002);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    /// <summary>Two nodes starting together, or <c>haumai migrate</c> run next to a starting server.</summary>
    [Fact]
    public async Task Migrating_from_several_places_at_once_applies_each_migration_once()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(provider);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(scratch.MigrateAsync)));

        var expected = MigrationRunner.Available(provider).Select(m => m.Version).ToList();
        results.Count(r => r.Count > 0).ShouldBe(1);
        results.Single(r => r.Count > 0).ShouldBe(expected);
        await using var db = scratch.NewContext();
        (await db.Teams.CountAsync()).ShouldBe(2);
    }

    private sealed record RecordedMigration(int Version, string Name, string AppliedAt);
}

public sealed class SqliteMigrationTests() : MigrationTests(DatabaseProvider.Sqlite)
{
    protected override HaumaiFactory NewApp() => new SqliteApp();

    [Fact]
    public async Task The_database_is_in_WAL_mode_after_migrating()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(Provider);
        await scratch.MigrateAsync();

        // A new connection: WAL is a property of the file, not of the connection that set it.
        await using var connection = new SqliteConnection(scratch.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        ((string)(await command.ExecuteScalarAsync())!).ShouldBe("wal", StringCompareShould.IgnoreCase);
    }

    /// <summary>
    /// SQLite has no advisory lock. When another process (say <c>haumai migrate</c> next to a
    /// restarting server) applies a pending migration after this runner read what was applied,
    /// the runner must notice once it gets the write lock, not apply the migration a second time.
    /// </summary>
    [Fact]
    public async Task A_migration_that_another_process_applies_meanwhile_is_not_applied_twice()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(Provider);
        var migration = MigrationRunner.Available(Provider)[0];
        await using var other = new SqliteConnection(scratch.ConnectionString);
        await other.OpenAsync();
        // A database migrated before: schema_migrations exists, one migration is pending.
        await ExecuteAsync(other, null,
            "PRAGMA journal_mode=WAL; CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL);");
        await using var otherTx = (SqliteTransaction)await other.BeginTransactionAsync(); // BEGIN IMMEDIATE: the write lock
        await ExecuteAsync(other, otherTx, migration.Sql);
        await ExecuteAsync(other, otherTx,
            $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({migration.Version}, '{migration.Name}', '{DateTime.UtcNow:O}');");

        // The runner reads what is applied (nothing committed yet) and only then may the other commit.
        var staleRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new WatchedConnection(scratch.ConnectionString, "SELECT version FROM schema_migrations", staleRead);
        await using var runnerDb = new HaumaiDb(new DbContextOptionsBuilder<HaumaiDb>().UseSqlite(connection).Options);
        var runner = Task.Run(() => new MigrationRunner(runnerDb, NullLogger<MigrationRunner>.Instance).MigrateAsync());
        await Task.WhenAny(staleRead.Task, runner, Task.Delay(TimeSpan.FromSeconds(30)));
        staleRead.Task.IsCompleted.ShouldBeTrue("the runner read the applied migrations");
        runner.IsCompleted.ShouldBeFalse("the runner waits while the other process holds the write lock");
        await otherTx.CommitAsync();
        var applied = await runner;

        applied.ShouldNotContain(migration.Version);
        await using var db = scratch.NewContext();
        (await db.Teams.CountAsync()).ShouldBe(2);
    }

    /// <summary>A SQLite connection that reports when a command starting with some text has run.</summary>
    private sealed class WatchedConnection(string connectionString, string commandStart, TaskCompletionSource ran) : SqliteConnection(connectionString)
    {
        public override SqliteCommand CreateCommand() => new WatchedCommand(commandStart, ran) { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };
    }

    private sealed class WatchedCommand(string commandStart, TaskCompletionSource ran) : SqliteCommand
    {
        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            var reader = await base.ExecuteDbDataReaderAsync(behavior, cancellationToken);
            if (CommandText.StartsWith(commandStart, StringComparison.Ordinal))
            {
                ran.TrySetResult();
            }
            return reader;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class PostgresMigrationTests() : MigrationTests(DatabaseProvider.Postgres)
{
    protected override HaumaiFactory NewApp() => new PostgresApp();
}
