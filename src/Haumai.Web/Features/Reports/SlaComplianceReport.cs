using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Reports;

/// <summary>
/// S4 / R1: how many SLA clocks met their target, over the tickets created in a range of
/// Vietnamese days, grouped by priority, team, category, plan or month, with the breaches listed.
/// <para>
/// The clocks are not stored: they are what <see cref="SlaClockEngine"/> makes of each ticket's
/// history as of now, exactly as the ticket's own page shows them, so the report cannot disagree
/// with what agents saw. The price is replaying the history of every ticket in the range.
/// </para>
/// <para>
/// Cost: tickets are read in batches of <see cref="BatchSize"/> by primary key ("id greater than
/// the last one"), with the date range, the caller's visibility and the filters in the same
/// query; each batch then costs three more queries (status events, public messages, organizations)
/// and the engine's replay, linear in the batch's history. So a report costs about
/// 4 × (tickets in range / 500) queries, and memory holds one batch plus the running totals: per
/// group and clock a few counters and a histogram of minutes-to-stop (one entry per distinct
/// minute value, not per ticket), and at most <see cref="MaxBreaches"/> listed breaches. There is
/// no index on the creation time: each batch's seek walks the primary key and skips tickets
/// outside the range, so over a whole report the table is walked once from the first id to the last.
/// </para>
/// </summary>
public sealed class SlaComplianceReport(HaumaiDb db, TicketAccess access, TicketSla sla, TimeProvider clock)
{
    public const int BatchSize = 500;
    public const int MaxBreaches = 500;
    public const int MaxDays = 366;

    /// <summary>Report days are Vietnamese days (X1), whatever the server's zone.</summary>
    public static readonly TimeZoneInfo ReportZone = TimeZoneInfo.FindSystemTimeZoneById(BusinessCalendarDefinition.DefaultTimeZoneId);

    private static readonly SlaClockKind[] Kinds = Enum.GetValues<SlaClockKind>();

    public sealed record Query(DateOnly From, DateOnly To, ReportGrouping GroupBy, int? TeamId, int? CategoryId, Plan? Plan);

    /// <summary>One ticket in the range and its clocks now; names resolved for display.</summary>
    public sealed record Evaluated(
        long Id, string Subject, Priority Priority, int? TeamId, string? Team, string? TeamName, string? Category, string? CategoryName,
        Plan Plan, DateTime CreatedAt, IReadOnlyList<SlaClock> Clocks);

    /// <summary>An enum value as the API writes it (<c>first_response</c>, <c>urgent</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public async Task<SlaReportResponse> RunAsync(Query query, CancellationToken ct)
    {
        var groups = new Dictionary<GroupKey, GroupTotals>();
        var breaches = new List<SlaBreach>();
        var breachCount = 0;
        var tickets = 0;
        await foreach (var ticket in EvaluateAsync(query, ct))
        {
            tickets++;
            var key = KeyOf(ticket, query.GroupBy);
            if (!groups.TryGetValue(key, out var totals))
            {
                totals = groups[key] = new GroupTotals();
            }
            totals.Add(ticket.Clocks);
            foreach (var breach in BreachesOf(ticket))
            {
                breachCount++;
                if (breaches.Count < MaxBreaches)
                {
                    breaches.Add(breach);
                }
            }
        }
        return new SlaReportResponse(
            query.From,
            query.To,
            BusinessCalendarDefinition.DefaultTimeZoneId,
            query.GroupBy,
            TimeZoneInfo.ConvertTime(clock.GetUtcNow(), ReportZone),
            tickets,
            [.. groups.OrderBy(g => g.Key, GroupKey.Order).Select(g => new SlaReportGroup(g.Key.Key, g.Key.Name, g.Value.Tickets, g.Value.Rows()))],
            new SlaBreachList(breachCount, breachCount > breaches.Count, breaches));
    }

    /// <summary>
    /// Every visible ticket created in the range that has clocks, in id order, one batch in memory
    /// at a time. Tickets no policy applies to have no clocks and are not measured.
    /// </summary>
    public async IAsyncEnumerable<Evaluated> EvaluateAsync(Query query, [EnumeratorCancellation] CancellationToken ct)
    {
        var (fromUtc, toUtc) = UtcRange(query.From, query.To);
        var q = (await access.VisibleAsync(ct)).AsNoTracking().Where(t => t.CreatedAt >= fromUtc && t.CreatedAt < toUtc);
        if (query.TeamId is { } teamId)
        {
            q = q.Where(t => t.TeamId == teamId);
        }
        if (query.CategoryId is { } categoryId)
        {
            q = q.Where(t => t.CategoryId == categoryId);
        }
        if (query.Plan is { } plan)
        {
            // A ticket with no organization is on the free plan, as the SLA policies see it.
            q = plan == Plan.Free
                ? q.Where(t => t.OrganizationId == null || db.Organizations.Any(o => o.Id == t.OrganizationId && o.Plan == plan))
                : q.Where(t => db.Organizations.Any(o => o.Id == t.OrganizationId && o.Plan == plan));
        }
        // Teams and categories are a handful of rows; their names are read once, not per batch.
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => (t.Slug, t.Name), ct);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => (c.Slug, c.Name), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var after = 0L;
        while (true)
        {
            var last = after;
            var batch = await q.Where(t => t.Id > last)
                .OrderBy(t => t.Id)
                .Take(BatchSize)
                .Select(t => new
                {
                    t.Id, t.Subject, t.CreatedAt, t.Priority, t.CategoryId, t.TeamId, t.OrganizationId,
                    Plan = db.Organizations.Where(o => o.Id == t.OrganizationId).Select(o => (Plan?)o.Plan).FirstOrDefault(),
                })
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                yield break;
            }
            after = batch[^1].Id;
            var clocks = await sla.ClocksForBatchAsync(
                batch.Select(t => new SlaTicketRow(t.Id, t.CreatedAt, t.Priority, t.CategoryId, t.TeamId, t.OrganizationId)).ToList(), now, ct);
            foreach (var t in batch)
            {
                if (clocks.GetValueOrDefault(t.Id) is { } ticketClocks)
                {
                    var team = t.TeamId is { } tid && teams.TryGetValue(tid, out var tn) ? tn : ((string Slug, string Name)?)null;
                    var category = t.CategoryId is { } cid && categories.TryGetValue(cid, out var cn) ? cn : ((string Slug, string Name)?)null;
                    yield return new Evaluated(
                        t.Id, t.Subject, t.Priority, t.TeamId, team?.Slug, team?.Name, category?.Slug, category?.Name,
                        t.Plan ?? Plan.Free, t.CreatedAt, ticketClocks);
                }
            }
            if (batch.Count < BatchSize)
            {
                yield break;
            }
        }
    }

    public static IEnumerable<SlaBreach> BreachesOf(Evaluated ticket) =>
        ticket.Clocks.Where(c => c.State == SlaClockState.Breached).Select(c => new SlaBreach(
            ticket.Id, Ticket.FormatNumber(ticket.Id), ticket.Subject, ticket.Priority, ticket.TeamId, ticket.Team, ticket.Category,
            c.Kind, c.DueAt, c.StoppedAt, c.StoppedAt is null, -c.RemainingMinutes));

    /// <summary>[from 00:00, to + 1 day 00:00) in Vietnam, as UTC instants.</summary>
    public static (DateTime FromUtc, DateTime ToUtc) UtcRange(DateOnly from, DateOnly to) =>
        (TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), ReportZone),
         TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), ReportZone));

    private static GroupKey KeyOf(Evaluated t, ReportGrouping by) => by switch
    {
        ReportGrouping.Priority => new GroupKey(Name(t.Priority), null, (int)t.Priority),
        ReportGrouping.Team => new GroupKey(t.Team, t.TeamName, t.Team is null ? 1 : 0),
        ReportGrouping.Category => new GroupKey(t.Category, t.CategoryName, t.Category is null ? 1 : 0),
        ReportGrouping.Plan => new GroupKey(Name(t.Plan), null, (int)t.Plan),
        _ => new GroupKey(TimeZoneInfo.ConvertTimeFromUtc(t.CreatedAt, ReportZone).ToString("yyyy-MM", CultureInfo.InvariantCulture), null, 0),
    };

    /// <summary>A group: its key as clients filter by it (slug, enum name, yyyy-MM; null for "none"), and the order it is listed in.</summary>
    private sealed record GroupKey(string? Key, string? Name, int Rank)
    {
        public static readonly IComparer<GroupKey> Order = Comparer<GroupKey>.Create((a, b) =>
            a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Key, b.Key));
    }

    private sealed class GroupTotals
    {
        private readonly Dictionary<SlaClockKind, ClockTotals> _clocks = Kinds.ToDictionary(k => k, _ => new ClockTotals());

        public int Tickets { get; private set; }

        public void Add(IReadOnlyList<SlaClock> clocks)
        {
            Tickets++;
            foreach (var c in clocks)
            {
                _clocks[c.Kind].Add(c);
            }
        }

        public List<SlaReportClock> Rows() => [.. Kinds.Select(k => _clocks[k].Row(k))];
    }

    /// <summary>
    /// Counters for one clock kind. Minutes-to-stop go into a histogram (minute value → count) so
    /// that p90 is exact without keeping one number per ticket: business minutes to a stop are
    /// few distinct values, bounded by the range's length.
    /// </summary>
    private sealed class ClockTotals
    {
        private readonly Dictionary<long, int> _stopMinutes = [];
        private int _measured, _met, _breached, _running, _stopped;
        private long _stopSum;

        public void Add(SlaClock c)
        {
            _measured++;
            switch (c.State)
            {
                case SlaClockState.Met:
                    _met++;
                    break;
                case SlaClockState.Breached:
                    _breached++;
                    break;
                default:
                    // Running or paused, still within the target: not yet decided either way.
                    _running++;
                    break;
            }
            if (c.StoppedAt is not null)
            {
                _stopped++;
                _stopSum += c.ElapsedMinutes;
                _stopMinutes[c.ElapsedMinutes] = _stopMinutes.GetValueOrDefault(c.ElapsedMinutes) + 1;
            }
        }

        public SlaReportClock Row(SlaClockKind kind)
        {
            double? compliance = _met + _breached == 0 ? null : Math.Round(100.0 * _met / (_met + _breached), 1);
            double? average = _stopped == 0 ? null : Math.Round((double)_stopSum / _stopped, 1);
            return new SlaReportClock(kind, _measured, _met, _breached, _running, compliance, average, Percentile90());
        }

        /// <summary>Nearest rank: the smallest value with at least 90 % of stopped clocks at or below it.</summary>
        private long? Percentile90()
        {
            if (_stopped == 0)
            {
                return null;
            }
            var rank = (int)Math.Ceiling(0.9 * _stopped);
            var seen = 0;
            foreach (var (minutes, count) in _stopMinutes.OrderBy(p => p.Key))
            {
                seen += count;
                if (seen >= rank)
                {
                    return minutes;
                }
            }
            return null;
        }
    }
}

public enum ReportGrouping
{
    Priority,
    Team,
    Category,
    Plan,
    Month,
}

public sealed record SlaReportResponse(
    DateOnly From, DateOnly To, string TimeZone, ReportGrouping GroupBy, DateTimeOffset AsOf, int Tickets,
    IReadOnlyList<SlaReportGroup> Groups, SlaBreachList Breaches);

/// <summary>One group; <c>key</c> is what the matching filter takes (a slug, a name, yyyy-MM), null for tickets without one.</summary>
public sealed record SlaReportGroup(string? Key, string? Name, int Tickets, IReadOnlyList<SlaReportClock> Clocks);

/// <summary>
/// One clock kind in a group. <c>running</c> counts clocks not yet decided (running or paused
/// within the target); compliance is met / (met + breached), null when nothing is decided.
/// </summary>
public sealed record SlaReportClock(
    SlaClockKind Clock, int Measured, int Met, int Breached, int Running, double? CompliancePercent,
    double? AverageMinutesToStop, long? P90MinutesToStop);

public sealed record SlaBreachList(int Total, bool Truncated, IReadOnlyList<SlaBreach> Items);

/// <summary>A breached clock. <c>overdueMinutes</c> is as of its stop, or as of now while it still runs.</summary>
public sealed record SlaBreach(
    long TicketId, string Number, string Subject, Priority Priority, int? TeamId, string? Team, string? Category,
    SlaClockKind Clock, DateTimeOffset? Due, DateTimeOffset? StoppedAt, bool Open, long OverdueMinutes);
