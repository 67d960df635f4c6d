using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using System.Data.Common;

namespace Haumai.Web.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddHaumaiData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database").ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateOnStart();
        services.AddSingleton<SqlitePragmas>();
        services.AddDbContextPool<HaumaiDb>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            Configure(options, db.Provider, ConnectionString(configuration, db.Provider, storage), sp.GetRequiredService<SqlitePragmas>());
        });
        services.AddScoped<MigrationRunner>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, SqlitePragmas? pragmas = null)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(connectionString);
        }
        else
        {
            options.UseSqlite(connectionString);
            if (pragmas is not null)
            {
                options.AddInterceptors(pragmas);
            }
        }
        // Query splitting stays explicit: a single query over a ticket and its messages is what we
        // want almost everywhere, and a silent cartesian explosion is not.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.MultipleCollectionIncludeWarning));
    }

    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider, StorageOptions storage)
    {
        var configured = configuration.GetConnectionString("Haumai");
        if (provider == DatabaseProvider.Postgres)
        {
            return string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Haumai is not set.")
                : configured;
        }
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        Directory.CreateDirectory(storage.FullDataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(storage.FullDataDirectory, "haumai.db"),
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database until the command timeout; writers
            // queue behind each other instead of failing under load.
            DefaultTimeout = 30,
        }.ToString();
    }
}

/// <summary>
/// SQLite's durability is a per-connection setting, so it is applied each time a connection opens.
/// WAL itself is stored in the database file (set once by the migration runner) and EF Core turns
/// foreign keys on by itself; the default FULL needs no statement at all.
/// </summary>
public sealed class SqlitePragmas(IOptions<DatabaseOptions> options) : DbConnectionInterceptor
{
    private readonly string? _sql = Sanitize(options.Value.SqliteSynchronous) is var level && level != "FULL"
        ? "PRAGMA synchronous=" + level + ";"
        : null;

    private static string Sanitize(string value) =>
        value.ToUpperInvariant() is "OFF" or "NORMAL" or "FULL" or "EXTRA" ? value.ToUpperInvariant()
            : throw new InvalidOperationException($"Database:SqliteSynchronous must be OFF, NORMAL, FULL or EXTRA, not '{value}'.");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (_sql is null)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}
