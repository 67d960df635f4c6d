using System.Text;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Haumai.Web.Data;

/// <summary>
/// The one DbContext. Handlers use it directly (no repositories). Tables and columns are
/// snake_case on both providers so that hand-written SQL migrations read the same on each.
/// </summary>
public sealed class HaumaiDb(DbContextOptions<HaumaiDb> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<TicketTag> TicketTags => Set<TicketTag>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Features.Notifications.Notification> Notifications => Set<Features.Notifications.Notification>();
    public DbSet<Calendar> Calendars => Set<Calendar>();
    public DbSet<HolidayChange> HolidayChanges => Set<HolidayChange>();
    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();
    public DbSet<SlaTarget> SlaTargets => Set<SlaTarget>();
    public DbSet<SlaAlarm> SlaAlarms => Set<SlaAlarm>();
    public DbSet<Features.CannedResponses.CannedResponse> CannedResponses => Set<Features.CannedResponses.CannedResponse>();
    public DbSet<Features.Mail.MailThreadId> MailThreadIds => Set<Features.Mail.MailThreadId>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps DateTime as text and hands it back with Kind=Unspecified; every time in
        // Haumai is UTC (ARCHITECTURE.md, convention 6), so say so when reading.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HaumaiDb).Assembly);
        if (IsSqlite)
        {
            // SQLite matches an index to "is_open = 1" but not to a bare "WHERE is_open", which is
            // what EF writes for a bool (dotnet/efcore#30709): the queue would scan the table.
            modelBuilder.Entity<Ticket>().Property(t => t.IsOpen).HasConversion(new BoolToZeroOneConverter<int>());
        }
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary>
    /// Begins a transaction that will write. Use it instead of <c>Database.BeginTransactionAsync</c>:
    /// on SQLite it first waits its turn at the write gate (see <see cref="SqliteWriteGate"/>).
    /// </summary>
    public async Task<IDbContextTransaction> BeginWriteTransactionAsync(CancellationToken ct = default)
    {
        if (!IsSqlite)
        {
            return await Database.BeginTransactionAsync(ct);
        }
        var gate = WriteGate();
        await gate.WaitAsync(ct);
        try
        {
            return new GatedTransaction(await Database.BeginTransactionAsync(ct), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpTicketVersions();
        if (!IsSqlite || Database.CurrentTransaction is not null)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        var gate = WriteGate();
        gate.Wait();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            gate.Release();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpTicketVersions();
        if (!IsSqlite || Database.CurrentTransaction is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        var gate = WriteGate();
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim WriteGate() => SqliteWriteGate.For(Database.GetConnectionString() ?? "");

    /// <summary>
    /// A ticket whose children changed (a message, a tag) also counts as changed, so that two
    /// concurrent edits of one ticket conflict even when they touch different rows.
    /// </summary>
    private void BumpTicketVersions()
    {
        ChangeTracker.DetectChanges();
        var touched = new HashSet<Ticket>(ReferenceEqualityComparer.Instance);
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Ticket t when entry.State == EntityState.Modified:
                    touched.Add(t);
                    break;
                case TicketMessage { Ticket: { } t }:
                    touched.Add(t);
                    break;
                case TicketEvent { Ticket: { } t }:
                    touched.Add(t);
                    break;
            }
        }
        foreach (var ticket in touched)
        {
            if (Entry(ticket).State != EntityState.Added)
            {
                ticket.BumpVersion();
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
