using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Haumai.Bench;

/// <summary>What <c>generate</c> leaves for <c>load</c>: who to be, and whom tickets are for.</summary>
public sealed record BenchInfo(string Provider, int Tickets, string ConnectionString, string AdminToken, string AgentToken, string RequestersFile);

public static class Generator
{
    private const int ChunkSize = 20_000;
    public const string AdminEmail = "bench-admin@haumai.test";
    public const string AgentEmail = "bench-agent@haumai.test";

    public static async Task<BenchInfo> RunAsync(GenerateOptions options, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(options.DataDirectory);
        Console.WriteLine($"generate: {options.Provider}, {options.Tickets:N0} tickets" +
            (options.OpenShare is { } share ? $" ({share:P0} open)" : "") + " → " +
            (options.Provider == DatabaseProvider.Sqlite ? options.SqlitePath : Redact(options.ConnectionString)));

        await RecreateAsync(options, ct);
        var (teams, categories) = await MigrateAsync(options, ct);
        Console.WriteLine($"  migrated ({total.Elapsed.TotalSeconds:F1} s): {teams.Count} teams, {categories.Count} categories");

        var factory = new DataFactory(options.Seed, options.Tickets, teams, categories, DateTime.UtcNow, options.OpenShare);
        await using (var writer = await OpenWriterAsync(options, ct))
        {
            await writer.WriteReferenceAsync(factory.Reference, ct);
            Console.WriteLine($"  {factory.Reference.Organizations.Count} organizations, {factory.Reference.Users.Count} users");
            await LoadTicketsAsync(factory, writer, options.Tickets, ct);
            var finish = Stopwatch.StartNew();
            await writer.FinishAsync(ct);
            Console.WriteLine($"  sequences and statistics: {finish.Elapsed.TotalSeconds:F1} s");
        }
        await File.WriteAllLinesAsync(options.RequestersPath, factory.RequesterEmails(1000), ct);
        var info = await CreateBenchAccountsAsync(options, ct);
        await File.WriteAllTextAsync(options.InfoPath, JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }), ct);
        Console.WriteLine($"  admin token and agent token written to {options.InfoPath}");
        Console.WriteLine($"generate: done in {total.Elapsed.TotalSeconds:F1} s");
        return info;
    }

    private static string Redact(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ToString();

    private static async Task RecreateAsync(GenerateOptions options, CancellationToken ct)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            await PostgresWriter.RecreateDatabaseAsync(options.ConnectionString, ct);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(options.SqlitePath + suffix);
        }
    }

    private static HaumaiDb OpenDb(GenerateOptions options)
    {
        var builder = new DbContextOptionsBuilder<HaumaiDb>();
        DatabaseSetup.Configure(builder, options.Provider, options.AppConnectionString);
        return new HaumaiDb(builder.Options);
    }

    /// <summary>The app's own migrations, so the schema (and the seeded teams and categories) is exactly production's.</summary>
    private static async Task<(List<TeamInfo>, List<CategoryInfo>)> MigrateAsync(GenerateOptions options, CancellationToken ct)
    {
        await using var db = OpenDb(options);
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync(ct);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Id).Select(t => new TeamInfo(t.Id, t.Slug)).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Position)
            .Select(c => new CategoryInfo(c.Id, c.Slug, c.TeamId, (int)c.DefaultPriority)).ToListAsync(ct);
        if (!teams.Any(t => t.Slug == "technical") || categories.Count == 0)
        {
            throw new InvalidOperationException("The migrated database lacks the seeded 'technical' team or the categories.");
        }
        return (teams, categories);
    }

    private static async Task<IBulkWriter> OpenWriterAsync(GenerateOptions options, CancellationToken ct) =>
        options.Provider == DatabaseProvider.Postgres
            ? await PostgresWriter.OpenAsync(options.ConnectionString, ct)
            : await SqliteWriter.OpenAsync(options.SqlitePath, ct);

    /// <summary>
    /// Generation and writing overlap: one thread builds the next chunk while the database takes
    /// the current one (two cores, two stages). The channel's bound keeps memory to a few chunks.
    /// </summary>
    private static async Task LoadTicketsAsync(DataFactory factory, IBulkWriter writer, int tickets, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<TicketChunk>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (long first = 0; first < tickets; first += ChunkSize)
                {
                    await channel.Writer.WriteAsync(factory.Chunk(first, (int)Math.Min(ChunkSize, tickets - first)), ct);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, ct);

        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long done = 0;
        long rows = 0;
        await foreach (var chunk in channel.Reader.ReadAllAsync(ct))
        {
            await writer.WriteChunkAsync(chunk, ct);
            done += chunk.Tickets.Count;
            rows += chunk.Rows;
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(5) || done == tickets)
            {
                lastReport = clock.Elapsed;
                var s = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"  {done,10:N0} tickets ({100.0 * done / tickets,5:F1}%) {rows,12:N0} rows, {s,6:F1} s, {rows / s,9:N0} rows/s");
            }
        }
        await producer;
    }

    /// <summary>
    /// The load test's identities, made by the app's own handlers (password hashing, token hashing)
    /// rather than by hand, so they are exactly what the app would have made.
    /// </summary>
    private static async Task<BenchInfo> CreateBenchAccountsAsync(GenerateOptions options, CancellationToken ct)
    {
        await using var db = OpenDb(options);
        var clock = TimeProvider.System;
        var users = new CreateUser.Handler(db, new PasswordHasher<User>(), clock);
        var (admin, _, adminError) = await users.HandleAsync(new CreateUser.Request(AdminEmail, "Quản trị viên Bench", "admin", null, "Bench@2026!"), ct);
        var (agent, _, agentError) = await users.HandleAsync(new CreateUser.Request(AgentEmail, "Lê Thị Bench", "agent", null, "Bench@2026!"), ct);
        if (admin is null || agent is null)
        {
            throw new InvalidOperationException($"Could not create the bench accounts: {adminError ?? agentError}");
        }
        var technical = await db.Teams.Include(t => t.Members).FirstAsync(t => t.Slug == "technical", ct);
        technical.AddMember(agent.Id);
        await db.SaveChangesAsync(ct);
        var tokens = new CreateApiToken.Handler(db, clock);
        var adminToken = await tokens.HandleAsync(admin, "bench load test", ct);
        var agentToken = await tokens.HandleAsync(agent, "bench load test", ct);
        return new BenchInfo(options.Provider.ToString(), options.Tickets,
            options.Provider == DatabaseProvider.Postgres ? options.ConnectionString : options.AppConnectionString,
            adminToken.Token, agentToken.Token, options.RequestersPath);
    }

    public static async Task<BenchInfo> ReadInfoAsync(string path, CancellationToken ct) =>
        JsonSerializer.Deserialize<BenchInfo>(await File.ReadAllTextAsync(path, ct))
            ?? throw new InvalidOperationException($"{path} is empty.");
}
