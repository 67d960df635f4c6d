using System.Data.Common;
using System.Diagnostics;
using Haumai.Web;
using Haumai.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Haumai.Bench.Mail;

/// <summary>
/// The app's services exactly as <c>haumai mail ingest</c> builds them (WebApplication builder +
/// <c>AddHaumai</c>, never started: no hosted services run), on a fresh SQLite file, migrated by the
/// app's <see cref="MigrationRunner"/>. A command and transaction timer is added to the pooled
/// <see cref="HaumaiDb"/> so the database's share of a message's time can be told apart.
/// </summary>
public static class MailApp
{
    public static async Task<WebApplication> BuildAsync(string dataDirectory, DbTimer timer, string synchronous, CancellationToken ct)
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqliteSynchronous"] = synchronous,
            ["Storage:DataDirectory"] = dataDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHaumai();
        builder.Services.ConfigureDbContext<HaumaiDb>((_, o) => o.AddInterceptors(timer)
            .LogTo((EventId id, LogLevel _) => id == CoreEventId.QueryCompilationStarting, (EventData _) => timer.Compiled()));
        var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        return app;
    }
}

/// <summary>Commands executed and the time in them (until the reader opens), and the time in commits (where SQLite's fsyncs are).</summary>
public sealed class DbTimer : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private long _commands;
    private long _commandTicks;
    private long _commits;
    private long _commitTicks;
    private readonly AsyncLocal<long> _started = new();

    private long _compilations;

    /// <summary>LINQ queries EF Core compiled (not found in its query cache): each costs milliseconds of CPU.</summary>
    public long Compilations => Interlocked.Read(ref _compilations);

    public void Compiled() => Interlocked.Increment(ref _compilations);

    public long Commands => Interlocked.Read(ref _commands);
    public double CommandSeconds => Interlocked.Read(ref _commandTicks) / (double)Stopwatch.Frequency;
    public long Commits => Interlocked.Read(ref _commits);
    public double CommitSeconds => Interlocked.Read(ref _commitTicks) / (double)Stopwatch.Frequency;

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _commandTicks, 0);
        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _commitTicks, 0);
        Interlocked.Exchange(ref _compilations, 0);
        _byText.Clear();
    }

    private void Start() => _started.Value = Stopwatch.GetTimestamp();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long[]> _byText = new(StringComparer.Ordinal);

    /// <summary>Per statement text: how many times, and the ticks spent, most expensive first.</summary>
    public IEnumerable<(string Sql, long Count, double Seconds)> Statements =>
        _byText.Select(p => (p.Key, Interlocked.Read(ref p.Value[0]), Interlocked.Read(ref p.Value[1]) / (double)Stopwatch.Frequency)).OrderByDescending(s => s.Item3);

    private void Command(DbCommand command)
    {
        var ticks = Stopwatch.GetTimestamp() - _started.Value;
        Interlocked.Increment(ref _commands);
        Interlocked.Add(ref _commandTicks, ticks);
        var tally = _byText.GetOrAdd(command.CommandText, _ => new long[2]);
        Interlocked.Increment(ref tally[0]);
        Interlocked.Add(ref tally[1], ticks);
    }

    private void Commit()
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _commitTicks, Stopwatch.GetTimestamp() - _started.Value);
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Commit();
        return Task.CompletedTask;
    }
}
