using Haumai.Web.Data;

namespace Haumai.Bench;

/// <param name="OpenShare">When set, the share of all tickets that are open (1.0: every ticket open, for the SLA
/// recompute bench); null keeps the mature desk's mix (10-15% open, mostly recent).</param>
public sealed record GenerateOptions(DatabaseProvider Provider, int Tickets, string DataDirectory, string ConnectionString, int Seed, double? OpenShare = null)
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=haumai;Password=haumai;Database=haumai_bench";
    public static readonly string DefaultRoot = Path.Combine(Path.GetTempPath(), "haumai-bench");

    public string SqlitePath => Path.Combine(DataDirectory, "haumai.db");

    /// <summary>Tokens and accounts for the load test, next to the data.</summary>
    public string InfoPath => Path.Combine(DataDirectory, "bench-info.json");

    public string RequestersPath => Path.Combine(DataDirectory, "requesters.txt");

    /// <summary>What the app itself would use for this database (Pooling as the app sets it).</summary>
    public string AppConnectionString => Provider == DatabaseProvider.Postgres
        ? ConnectionString
        : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = true, DefaultTimeout = 30 }.ToString();

    public static DatabaseProvider ParseProvider(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "pg" => DatabaseProvider.Postgres,
        _ => throw new ArgumentException($"--provider is sqlite or postgres, not '{value}'."),
    };

    public static GenerateOptions From(Args args)
    {
        var provider = ParseProvider(args.Require("provider"));
        var options = Create(provider, args.Int("tickets", 1_000_000), args.Get("data"), args.Get("connection"), args.Int("seed", 20260101),
            args.Get("open-share") is null ? null : args.Double("open-share", 0));
        args.EnsureAllUsed();
        return options;
    }

    public static GenerateOptions Create(DatabaseProvider provider, int tickets, string? data, string? connection, int seed, double? openShare = null)
    {
        if (openShare is < 0 or > 1)
        {
            throw new ArgumentException("--open-share is between 0 and 1.");
        }
        if (tickets < 1)
        {
            throw new ArgumentException("--tickets must be at least 1.");
        }
        var dir = Path.GetFullPath(data ?? Path.Combine(DefaultRoot, provider.ToString().ToLowerInvariant()));
        return new GenerateOptions(provider, tickets, dir, connection ?? DefaultPostgres, seed, openShare);
    }
}
