using Haumai.Tests.Support;
using Haumai.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Haumai.Tests.Data;

/// <summary>
/// An empty database of its own for one test (a SQLite file in a temp folder, or a new database on
/// the test PostgreSQL server), deleted again on dispose. For tests that must see a database from
/// its very first migration, which the shared app fixtures cannot offer.
/// </summary>
public abstract class ScratchDatabase : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new SqliteScratch();
        }
        var pg = new PostgresScratch();
        await Postgres.CreateDatabaseAsync(pg.Name);
        return pg;
    }

    public HaumaiDb NewContext()
    {
        var options = new DbContextOptionsBuilder<HaumaiDb>();
        DatabaseSetup.Configure(options, Provider, ConnectionString);
        return new HaumaiDb(options.Options);
    }

    public async Task<IReadOnlyList<int>> MigrateAsync()
    {
        await using var db = NewContext();
        return await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
    }

    public async Task<DatabaseSchema> ReadSchemaAsync()
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        try
        {
            return await SchemaReader.ReadAsync(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteScratch : ScratchDatabase
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "haumai-tests", Guid.NewGuid().ToString("N"));

        public SqliteScratch() => Directory.CreateDirectory(_directory);

        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public string File => Path.Combine(_directory, "haumai.db");

        public override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString();

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresScratch : ScratchDatabase
    {
        public string Name { get; } = "haumai_test_" + Guid.NewGuid().ToString("N")[..12];

        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override string ConnectionString => Postgres.ConnectionStringFor(Name);

        public override async ValueTask DisposeAsync() => await Postgres.DropDatabaseAsync(Name);
    }
}
