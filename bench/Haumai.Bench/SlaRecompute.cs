using System.Data.Common;
using System.Diagnostics;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Haumai.Bench;

/// <summary>
/// Issue 4's "recompute every clock of 1,000,000 open tickets after a calendar change ≤ 10 s":
/// generates (or reuses) a database where every ticket is open, then runs
/// <see cref="TicketSla.RecomputeOpenTicketsAsync"/> through the app's own service registrations
/// (<c>AddHaumaiData</c>, <c>AddCalendars</c>, <c>AddSla</c>), with the app's stored calendars.
/// <para>
/// Two passes: the first finds every stored due time NULL (as generated), so it writes all of them
/// — the worst case, a change that moves every clock; the second finds them all current and writes
/// none, which isolates reading and computing. A command interceptor splits the time spent in the
/// UPDATE statements from the rest.
/// </para>
/// </summary>
public static class SlaRecompute
{
    public static async Task<int> RunAsync(Args args, CancellationToken ct)
    {
        var provider = GenerateOptions.ParseProvider(args.Require("provider"));
        var tickets = args.Int("tickets", 1_000_000);
        var data = args.Get("data") ?? Path.Combine(GenerateOptions.DefaultRoot, "sla-" + provider.ToString().ToLowerInvariant());
        var skipGenerate = args.Flag("skip-generate");
        var passes = args.Int("passes", 2);
        var reset = !args.Flag("no-reset");
        // --calendar SLUG: a change of that calendar alone (only its tickets are recomputed); without it,
        // a change of every calendar (the holidays), which recomputes every open ticket.
        var calendar = args.Get("calendar");
        var options = GenerateOptions.Create(provider, tickets, data, args.Get("connection"), args.Int("seed", 20260101), args.Double("open-share", 1.0));
        args.EnsureAllUsed();

        if (!skipGenerate)
        {
            await Generator.RunAsync(options, ct);
        }
        // The generator's process has the whole load behind it: the peak below is the recompute's own
        // only when generation ran in another process (--skip-generate).
        var commands = new CommandTimer();
        await using var services = BuildServices(options, commands);
        if (skipGenerate && reset)
        {
            await ResetAsync(services, provider, ct);
        }
        var open = await CountOpenAsync(services, ct);
        Console.WriteLine($"sla-recompute: {provider}, {open:N0} open tickets, a change of {calendar ?? "every calendar"}; RSS before: {Rss("VmRSS")} MB, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        for (var pass = 1; pass <= passes; pass++)
        {
            // As after a calendar change: the cached calendars are dropped, the pass reloads them.
            services.GetRequiredService<StoredCalendars>().Invalidate(calendar);
            commands.Reset();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            int changed;
            await using (var scope = services.CreateAsyncScope())
            {
                var changedCalendars = services.GetRequiredService<StoredCalendars>().TakeChanged();
                changed = await scope.ServiceProvider.GetRequiredService<TicketSla>().RecomputeOpenTicketsAsync(changedCalendars, ct);
            }
            var s = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var pending = await CountPendingAlarmsAsync(services, ct);
            // On SQLite the batch writes go through prepared ADO.NET commands, which EF's interceptor does not see.
            Console.WriteLine($"  pass {pass}: {changed,10:N0} due times written, {s,7:F1} s, {open / s,9:N0} tickets/s, this process's CPU {cpuSeconds:F1} s; " +
                $"EF UPDATE/INSERT/DELETE {commands.Updates:N0} in {commands.UpdateSeconds:F1} s, other commands {commands.Others:N0} " +
                $"(executing {commands.OtherSeconds:F1} s), {commands.Compilations:N0} query compilations; {pending:N0} pending alarms; peak RSS {Rss("VmHWM")} MB, GC heap {GC.GetTotalMemory(false) / 1048576} MB; load average {LoadAverage()}");
        }
        return 0;
    }

    private static ServiceProvider BuildServices(GenerateOptions options, CommandTimer commands)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.Provider.ToString(),
            ["ConnectionStrings:Haumai"] = options.AppConnectionString,
            ["Storage:DataDirectory"] = options.DataDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        // The app's own registrations: the pooled HaumaiDb, the stored calendars, TicketSla and its planner.
        services.AddHaumaiData(configuration);
        services.AddCalendars();
        services.AddSla();
        services.ConfigureDbContext<HaumaiDb>((_, o) => o.AddInterceptors(commands)
            .LogTo((EventId id, LogLevel _) => id == CoreEventId.QueryCompilationStarting, (EventData _) => commands.Compiled()));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>A reused database is put back as generated (no stored due times), so pass 1 writes them all again.</summary>
    private static async Task ResetAsync(IServiceProvider services, DatabaseProvider provider, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HaumaiDb>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var reset = await db.Tickets.Where(t => t.NextSlaDueAt != null).ExecuteUpdateAsync(s => s.SetProperty(t => t.NextSlaDueAt, (DateTime?)null), ct);
        // Every pending alarm out of place too, so pass 1 moves each of them, as a change that moves
        // every clock would (a database without alarms yet gets them all planned instead).
        var alarms = await db.SlaAlarms.Where(a => a.FiredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FireAt, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ct);
        // As a live database would be: the dead row versions vacuumed away, the statistics fresh.
        await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Postgres ? "VACUUM (ANALYZE) tickets" : "PRAGMA wal_checkpoint(TRUNCATE)", ct);
        Console.WriteLine($"  reset {reset:N0} stored due times to NULL and moved {alarms:N0} pending alarms ({clock.Elapsed.TotalSeconds:F1} s, not timed)");
    }

    private static async Task<int> CountOpenAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HaumaiDb>().Tickets.CountAsync(t => t.IsOpen, ct);
    }

    private static async Task<int> CountPendingAlarmsAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HaumaiDb>().SlaAlarms.CountAsync(a => a.FiredAt == null, ct);
    }

    /// <summary>The 1-minute load average (the machine is shared: a figure means little without it); "?" off Linux.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>A line of /proc/self/status in MB (VmRSS now, VmHWM the peak); "?" off Linux.</summary>
    public static string Rss(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            var kb = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return (kb / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Time spent executing writes (UPDATE, INSERT, DELETE) through EF vs the other commands (for a query: until the reader opens).</summary>
    private sealed class CommandTimer : DbCommandInterceptor
    {
        private long _updates;
        private long _updateTicks;
        private long _others;
        private long _otherTicks;
        private long _compilations;

        /// <summary>Queries EF Core compiled (not found in its query cache).</summary>
        public long Compilations => Interlocked.Read(ref _compilations);

        public void Compiled() => Interlocked.Increment(ref _compilations);

        public long Updates => Interlocked.Read(ref _updates);
        public double UpdateSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _updateTicks)).TotalSeconds;
        public long Others => Interlocked.Read(ref _others);
        public double OtherSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _otherTicks)).TotalSeconds;

        public void Reset()
        {
            Interlocked.Exchange(ref _updates, 0);
            Interlocked.Exchange(ref _updateTicks, 0);
            Interlocked.Exchange(ref _others, 0);
            Interlocked.Exchange(ref _otherTicks, 0);
            Interlocked.Exchange(ref _compilations, 0);
        }

        private void Record(DbCommand command, TimeSpan duration)
        {
            var sql = command.CommandText.TrimStart();
            if (sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _updates);
                Interlocked.Add(ref _updateTicks, duration.Ticks);
            }
            else
            {
                Interlocked.Increment(ref _others);
                Interlocked.Add(ref _otherTicks, duration.Ticks);
            }
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData.Duration);
            return ValueTask.FromResult(result);
        }
    }
}
