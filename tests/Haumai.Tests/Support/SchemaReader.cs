using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Haumai.Tests.Support;

/// <summary>A table as the database catalog describes it. Names are kept as the catalog spells them.</summary>
public sealed record TableSchema(
    string Name,
    IReadOnlyList<ColumnSchema> Columns,
    PrimaryKeySchema? PrimaryKey,
    IReadOnlyList<IndexSchema> Indexes,
    IReadOnlyList<ForeignKeySchema> ForeignKeys,
    IReadOnlyList<CheckSchema> Checks);

/// <param name="Type">Normalized: upper-case affinity on SQLite, <c>format_type</c> on PostgreSQL.</param>
/// <param name="Generation">How the database fills the value: SQLite "autoincrement", PostgreSQL "identity by default start 10001 increment 1".</param>
public sealed record ColumnSchema(string Name, string Type, bool Nullable, string? Default = null, string? Generation = null)
{
    public string Describe() =>
        $"{Type} {(Nullable ? "NULL" : "NOT NULL")}"
        + (Default is null ? "" : $" DEFAULT {Default}")
        + (Generation is null ? "" : $" {Generation}");
}

/// <param name="Name">PostgreSQL only (SQLite does not expose it).</param>
public sealed record PrimaryKeySchema(string? Name, IReadOnlyList<string> Columns)
{
    public string Describe() => $"({string.Join(", ", Columns)})" + (Name is null ? "" : $" named {Name}");
}

/// <param name="Columns">Key columns in order, " DESC" appended when descending.</param>
public sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool Unique, string? Filter = null, string? Method = null, IReadOnlyList<string>? Included = null)
{
    public string Describe() =>
        (Unique ? "UNIQUE " : "")
        + (Method is null ? "" : $"USING {Method} ")
        + $"({string.Join(", ", Columns)})"
        + (Included is { Count: > 0 } ? $" INCLUDE ({string.Join(", ", Included)})" : "")
        + (Filter is null ? "" : $" WHERE {Filter}");
}

/// <param name="Name">PostgreSQL only (SQLite does not expose it).</param>
public sealed record ForeignKeySchema(string? Name, IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns, string OnDelete)
{
    public string Key => $"({string.Join(", ", Columns)}) -> {PrincipalTable} ({string.Join(", ", PrincipalColumns)})";

    public string Describe() => $"ON DELETE {OnDelete}" + (Name is null ? "" : $" named {Name}");
}

public sealed record CheckSchema(string Name, string Definition);

public sealed record DatabaseSchema(IReadOnlyList<TableSchema> Tables);

/// <summary>
/// Reads a database's schema from its catalog (not from any script), so that a migrated database
/// and one created from the EF model can be compared. The migration runner's own bookkeeping
/// (<c>schema_migrations</c>) and SQLite's internal tables are left out.
/// </summary>
public static partial class SchemaReader
{
    private static readonly string[] Ignored = ["schema_migrations", "__EFMigrationsHistory"];

    public static async Task<DatabaseSchema> ReadAsync(DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => await ReadSqliteAsync(sqlite),
        NpgsqlConnection pg => await ReadPostgresAsync(pg),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    public static async Task<DatabaseSchema> ReadSqliteAsync(SqliteConnection connection)
    {
        var tables = new List<TableSchema>();
        var master = await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.IsDBNull(1) ? "" : r.GetString(1)));
        var indexSql = (await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            r => (Name: r.GetString(0), Sql: r.GetString(1)))).ToDictionary(x => x.Name, x => x.Sql);

        foreach (var (table, sql) in master.Where(t => !Ignored.Contains(t.Name)))
        {
            var autoincrement = AutoIncrement().IsMatch(sql);
            var rawColumns = await QueryAsync(connection,
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@t) ORDER BY cid",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2) != 0, Default: r.IsDBNull(3) ? null : r.GetString(3), Pk: r.GetInt64(4)),
                ("@t", table));
            var pkColumns = rawColumns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            var columns = rawColumns.Select(c => new ColumnSchema(
                c.Name,
                c.Type.Trim().ToUpperInvariant(),
                !c.NotNull,
                c.Default?.Trim(),
                autoincrement && pkColumns.Count == 1 && pkColumns[0] == c.Name ? "autoincrement" : null)).ToList();

            var indexes = new List<IndexSchema>();
            var list = await QueryAsync(connection,
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@t)",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) != 0, Origin: r.GetString(2), Partial: r.GetInt64(3) != 0),
                ("@t", table));
            foreach (var index in list.Where(i => i.Origin != "pk"))
            {
                var indexColumns = await QueryAsync(connection,
                    "SELECT name, \"desc\" FROM pragma_index_xinfo(@i) WHERE key = 1 ORDER BY seqno",
                    r => (r.IsDBNull(0) ? "<expression>" : r.GetString(0)) + (r.GetInt64(1) != 0 ? " DESC" : ""),
                    ("@i", index.Name));
                string? filter = null;
                if (index.Partial && indexSql.TryGetValue(index.Name, out var createIndex))
                {
                    var where = createIndex.LastIndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
                    filter = where < 0 ? "<unknown>" : NormalizeExpression(createIndex[(where + 7)..]);
                }
                indexes.Add(new IndexSchema(index.Name, indexColumns, index.Unique, filter));
            }

            var fkRows = await QueryAsync(connection,
                "SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(@t) ORDER BY id, seq",
                r => (Id: r.GetInt64(0), Table: r.GetString(2), From: r.GetString(3), To: r.IsDBNull(4) ? null : r.GetString(4), OnDelete: r.GetString(5)),
                ("@t", table));
            var foreignKeys = new List<ForeignKeySchema>();
            foreach (var fk in fkRows.GroupBy(f => f.Id))
            {
                var principal = fk.First().Table;
                var to = fk.Select(f => f.To).ToList();
                if (to.Any(t => t is null))
                {
                    // "REFERENCES t" without columns means t's primary key.
                    to = (await QueryAsync(connection, "SELECT name FROM pragma_table_info(@t) WHERE pk > 0 ORDER BY pk", r => r.GetString(0), ("@t", principal)))
                        .Select(n => (string?)n).ToList();
                }
                foreignKeys.Add(new ForeignKeySchema(null, fk.Select(f => f.From).ToList(), principal, to.Select(t => t!).ToList(), fk.First().OnDelete.ToUpperInvariant()));
            }

            tables.Add(new TableSchema(table, columns, pkColumns.Count == 0 ? null : new PrimaryKeySchema(null, pkColumns), indexes, foreignKeys, []));
        }
        return new DatabaseSchema(tables);
    }

    public static async Task<DatabaseSchema> ReadPostgresAsync(NpgsqlConnection connection)
    {
        const string inSchema = "n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY(@ignored))";
        var ignored = ("@ignored", (object)Ignored);

        var tableNames = await QueryAsync(connection,
            $"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {inSchema} ORDER BY c.relname",
            r => r.GetString(0), ignored);

        var columns = await QueryAsync(connection,
            $"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, s.seqstart, s.seqincrement, a.attgenerated::text
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_sequence s ON a.attidentity <> '' AND s.seqrelid = pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname)::regclass
            WHERE {inSchema} AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """,
            r =>
            {
                var identity = r.GetString(5);
                var generated = r.GetString(8);
                var generation = identity switch
                {
                    "a" => $"identity always start {r.GetInt64(6)} increment {r.GetInt64(7)}",
                    "d" => $"identity by default start {r.GetInt64(6)} increment {r.GetInt64(7)}",
                    _ => generated == "s" ? "generated stored" : null,
                };
                return (Table: r.GetString(0), Column: new ColumnSchema(r.GetString(1), r.GetString(2), !r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetString(4), generation));
            },
            ignored);

        var indexes = await QueryAsync(connection,
            $"""
            SELECT c.relname, i.relname, ix.indisunique, ix.indisprimary, pg_get_expr(ix.indpred, ix.indrelid), am.amname,
                   ARRAY(SELECT COALESCE(a.attname, pg_get_indexdef(ix.indexrelid, k.ord::int, true))
                                || CASE WHEN k.ord <= ix.indnkeyatts AND (ix.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                         FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                         LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                         ORDER BY k.ord),
                   ix.indnkeyatts
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class c ON c.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_am am ON am.oid = i.relam
            WHERE {inSchema}
            ORDER BY c.relname, i.relname
            """,
            r =>
            {
                var all = r.GetFieldValue<string[]>(6);
                var keyCount = r.GetInt16(7);
                return (Table: r.GetString(0), Name: r.GetString(1), Unique: r.GetBoolean(2), Primary: r.GetBoolean(3),
                    Filter: r.IsDBNull(4) ? null : r.GetString(4), Method: r.GetString(5), Keys: all.Take(keyCount).ToList(), Included: all.Skip(keyCount).ToList());
            },
            ignored);

        var constraints = await QueryAsync(connection,
            $"""
            SELECT c.relname, k.conname, k.contype::text, p.relname, k.confdeltype::text,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum ORDER BY x.ord),
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS x(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum ORDER BY x.ord),
                   pg_get_constraintdef(k.oid, true)
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class p ON p.oid = k.confrelid
            WHERE {inSchema} AND k.contype IN ('f', 'c')
            ORDER BY c.relname, k.conname
            """,
            r => (Table: r.GetString(0), Name: r.GetString(1), Type: r.GetString(2), Principal: r.IsDBNull(3) ? null : r.GetString(3),
                OnDelete: r.GetString(4), Columns: r.GetFieldValue<string[]>(5), PrincipalColumns: r.GetFieldValue<string[]>(6), Definition: r.GetString(7)),
            ignored);

        var tables = tableNames.Select(t =>
        {
            var pk = indexes.FirstOrDefault(i => i.Table == t && i.Primary);
            return new TableSchema(
                t,
                columns.Where(c => c.Table == t).Select(c => c.Column).ToList(),
                pk.Name is null ? null : new PrimaryKeySchema(pk.Name, pk.Keys),
                indexes.Where(i => i.Table == t && !i.Primary)
                    .Select(i => new IndexSchema(i.Name, i.Keys, i.Unique, i.Filter, i.Method, i.Included)).ToList(),
                constraints.Where(k => k.Table == t && k.Type == "f")
                    .Select(k => new ForeignKeySchema(k.Name, k.Columns, k.Principal!, k.PrincipalColumns, OnDeleteWords(k.OnDelete))).ToList(),
                constraints.Where(k => k.Table == t && k.Type == "c").Select(k => new CheckSchema(k.Name, k.Definition)).ToList());
        }).ToList();
        return new DatabaseSchema(tables);
    }

    private static string OnDeleteWords(string code) => code switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => code,
    };

    private static string NormalizeExpression(string sql) =>
        Whitespace().Replace(sql.Replace("\"", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal).Trim().TrimEnd(';'), " ");

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(map(reader));
        }
        return result;
    }

    [GeneratedRegex(@"\bAUTOINCREMENT\b", RegexOptions.IgnoreCase)]
    private static partial Regex AutoIncrement();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>Compares two schemas and lists every difference in words, one per line.</summary>
public static class SchemaComparer
{
    /// <param name="expected">What should be (the EF model's database).</param>
    /// <param name="actual">What is (the migrated database).</param>
    public static IReadOnlyList<string> Compare(DatabaseSchema expected, DatabaseSchema actual, string expectedLabel = "model", string actualLabel = "migrations")
    {
        var differences = new List<string>();
        var want = expected.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var have = actual.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);

        foreach (var name in want.Keys.Except(have.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"table {name}: in the {expectedLabel}, missing from the {actualLabel}");
        }
        foreach (var name in have.Keys.Except(want.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"table {name}: in the {actualLabel}, not in the {expectedLabel}");
        }
        foreach (var name in want.Keys.Intersect(have.Keys).Order(StringComparer.Ordinal))
        {
            var (e, a) = (want[name], have[name]);
            CompareItems(differences, $"column {name}.", e.Columns.ToDictionary(c => c.Name, c => c.Describe()), a.Columns.ToDictionary(c => c.Name, c => c.Describe()), expectedLabel, actualLabel);
            CompareItems(differences, $"primary key of {name}",
                e.PrimaryKey is null ? [] : new Dictionary<string, string> { [""] = e.PrimaryKey.Describe() },
                a.PrimaryKey is null ? [] : new Dictionary<string, string> { [""] = a.PrimaryKey.Describe() }, expectedLabel, actualLabel);
            CompareItems(differences, $"index on {name}: ", e.Indexes.ToDictionary(i => i.Name, i => i.Describe()), a.Indexes.ToDictionary(i => i.Name, i => i.Describe()), expectedLabel, actualLabel);
            CompareItems(differences, $"foreign key {name} ", ToDictionary(e.ForeignKeys), ToDictionary(a.ForeignKeys), expectedLabel, actualLabel);
            CompareItems(differences, $"check on {name}: ", e.Checks.ToDictionary(c => c.Name, c => c.Definition), a.Checks.ToDictionary(c => c.Name, c => c.Definition), expectedLabel, actualLabel);
        }
        return differences;
    }

    /// <summary>Two foreign keys over the same columns to the same place would be odd, but must not crash the comparison.</summary>
    private static Dictionary<string, string> ToDictionary(IEnumerable<ForeignKeySchema> keys) =>
        keys.GroupBy(k => k.Key).ToDictionary(g => g.Key, g => string.Join(" + ", g.Select(k => k.Describe()).Order(StringComparer.Ordinal)));

    private static void CompareItems(List<string> differences, string prefix, IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual, string expectedLabel, string actualLabel)
    {
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var inExpected = expected.TryGetValue(key, out var e);
            var inActual = actual.TryGetValue(key, out var a);
            if (!inActual)
            {
                differences.Add($"{prefix}{key}: {expectedLabel} has {e}, missing from the {actualLabel}");
            }
            else if (!inExpected)
            {
                differences.Add($"{prefix}{key}: {actualLabel} have {a}, not in the {expectedLabel}");
            }
            else if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                differences.Add($"{prefix}{key}: {expectedLabel} has {e}, {actualLabel} have {a}");
            }
        }
    }

    public static string Format(IReadOnlyList<string> differences) =>
        differences.Count == 0 ? "no differences" : string.Join(Environment.NewLine, differences.Select(d => " - " + d));
}
