using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Data;

/// <summary>
/// Applies the versioned SQL migrations of the current provider (embedded resources
/// <c>Data/Migrations/{Sqlite|Postgres}/NNNN_name.sql</c>), forward only, each in its own
/// transaction, and records them in <c>schema_migrations</c>. Why SQL scripts and not EF
/// migrations: docs/adr/001-sql-migrations.md.
/// </summary>
public sealed partial class MigrationRunner(HaumaiDb db, ILogger<MigrationRunner> logger)
{
    // Any constant will do; it only has to be the same on every node.
    private const long PostgresLockKey = 0x4861756d6169; // "Haumai"

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Available(DatabaseProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Data.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Match: FileName().Match(n[prefix.Length..])))
            .Where(x => x.Match.Success)
            .Select(x => new Migration(int.Parse(x.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), x.Match.Groups[2].Value, Read(assembly, x.Resource)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Applies what is pending and returns the versions applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        var provider = db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                // Stored in the file: readers never wait for the writer from now on.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
            }
            else
            {
                // Two nodes starting together must not both migrate.
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey});", ct);
            }
            try
            {
                await ExecuteAsync(connection, null,
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL);", ct);
                var applied = await AppliedAsync(connection, ct);
                var done = new List<int>();
                foreach (var migration in Available(provider).Where(m => !applied.Contains(m.Version)))
                {
                    await using var tx = await connection.BeginTransactionAsync(ct);
                    // SQLite has no advisory lock: another process (haumai migrate next to a starting
                    // server) may have applied this one since 'applied' was read. The transaction
                    // holds the write lock (BEGIN IMMEDIATE), so what it sees now is final.
                    if (await IsRecordedAsync(connection, tx, migration.Version, ct))
                    {
                        continue;
                    }
                    await ExecuteAsync(connection, tx, migration.Sql, ct);
                    await using (var record = connection.CreateCommand())
                    {
                        record.Transaction = tx;
                        record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @a)";
                        AddParameter(record, "@v", migration.Version);
                        AddParameter(record, "@n", migration.Name);
                        AddParameter(record, "@a", DateTime.UtcNow.ToString("O"));
                        await record.ExecuteNonQueryAsync(ct);
                    }
                    await tx.CommitAsync(ct);
                    logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
                    done.Add(migration.Version);
                }
                if (provider == DatabaseProvider.Sqlite)
                {
                    // Statistics for the query planner (SQLite gathers none by itself): without them it may
                    // pick an index on a column where most rows are alike (inbound_messages.state, measured).
                    await ExecuteAsync(connection, null, "PRAGMA optimize=0x10002;", ct);
                }
                return done;
            }
            finally
            {
                if (provider == DatabaseProvider.Postgres)
                {
                    await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey});", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<IReadOnlySet<int>> AppliedAsync(CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await AppliedAsync(db.Database.GetDbConnection(), ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IReadOnlySet<int>> AppliedAsync(DbConnection connection, CancellationToken ct)
    {
        var result = new HashSet<int>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (DbException)
        {
            // No table yet: nothing applied.
        }
        return result;
    }

    private static async Task<bool> IsRecordedAsync(DbConnection connection, DbTransaction tx, int version, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @v";
        AddParameter(command, "@v", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
