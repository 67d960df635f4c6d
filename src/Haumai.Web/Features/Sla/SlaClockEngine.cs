using System.Text.Json.Serialization;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Sla;

/// <summary>The three SLA clocks of a ticket (S3).</summary>
public enum SlaClockKind
{
    /// <summary>From creation to the first public reply by staff.</summary>
    FirstResponse,
    /// <summary>From a customer's public message that follows a reply, to the next public reply by staff.</summary>
    NextResponse,
    /// <summary>From creation to solved; time before a reopen still counts.</summary>
    Resolution,
}

public enum SlaClockState
{
    /// <summary>Counting, still within the target.</summary>
    Running,
    /// <summary>Waiting on the customer (pending), still within the target.</summary>
    Paused,
    /// <summary>Stopped within the target.</summary>
    Met,
    /// <summary>The target is missed: stopped late, or still open past it. Final: a later stop does not undo it.</summary>
    Breached,
}

/// <summary>One priority's targets, in business minutes of the policy's calendar. Null: no such target.</summary>
public sealed record SlaTargets(int FirstResponseMinutes, int? NextResponseMinutes, int? ResolutionMinutes);

public enum SlaFactKind
{
    StatusChanged,
    /// <summary>A public reply by an agent or admin (internal notes are not facts).</summary>
    StaffReply,
    /// <summary>A public message by the customer, other than the ticket's description.</summary>
    CustomerReply,
}

/// <summary>One thing that happened to a ticket and matters to its clocks. Times are UTC.</summary>
public readonly record struct SlaFact(DateTime At, SlaFactKind Kind, TicketStatus Status = default)
{
    public static SlaFact StatusChanged(DateTime at, TicketStatus to) => new(at, SlaFactKind.StatusChanged, to);

    public static SlaFact StaffReply(DateTime at) => new(at, SlaFactKind.StaffReply);

    public static SlaFact CustomerReply(DateTime at) => new(at, SlaFactKind.CustomerReply);
}

/// <summary>A ticket's history as the clocks see it: its creation (status new) and the facts since, in the order they happened.</summary>
public sealed record SlaHistory(DateTime CreatedAt, IReadOnlyList<SlaFact> Facts);

/// <summary>
/// One clock at a moment. Times are in the calendar's offset. <see cref="DueAt"/> is null while
/// paused: the deadline moves for as long as the ticket waits on the customer. For a stopped clock
/// it is the deadline the clock was running against when it last ran.
/// <see cref="RemainingMinutes"/> is negative exactly when the target is missed.
/// </summary>
public sealed record SlaClock(
    SlaClockKind Kind,
    int TargetMinutes,
    DateTimeOffset StartedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? StoppedAt,
    bool Paused,
    long ElapsedMinutes,
    long RemainingMinutes,
    SlaClockState State)
{
    /// <summary>The deadline this clock is running against now, past or future; null when it is not running.</summary>
    [JsonIgnore]
    public DateTimeOffset? RunningDueAt => StoppedAt is null && !Paused ? DueAt : null;
}

/// <summary>
/// S3 clocks as a pure function of a ticket's history, one priority's targets, the policy's calendar
/// and "now": no database, no clock of its own. Recomputing after a change of priority or policy is
/// just calling it again with the new targets, which apply to the whole history (as Zendesk does):
/// raising a ticket to urgent an hour after it came in can breach its first response at once.
/// <para>Rules, in business time of the calendar:</para>
/// <list type="bullet">
/// <item>Every clock runs while the ticket is new, open or on hold, and pauses while it is pending
/// (waiting on the customer). On hold is the provider's own wait, so it counts.</item>
/// <item>First response starts at creation and stops at the first public staff reply. Internal
/// notes and the description do not count.</item>
/// <item>Next response starts at a customer's public message once the first response has stopped,
/// unless an earlier one is still unanswered (the clock runs from the oldest unanswered message),
/// and stops at the next public staff reply. Only the latest cycle is returned.</item>
/// <item>Resolution starts at creation and stops at solved. A reopen resumes it where it stopped:
/// time already spent keeps counting ("resolution time accumulates across reopens"), so a reopened
/// ticket cannot earn a fresh target by being solved too early.</item>
/// <item>Solving stops every clock: nothing is owed on a solved ticket. A response clock stopped
/// that way is met or breached by its time, like any other, and stays stopped after a reopen; the
/// customer's reopening message starts a next-response cycle instead.</item>
/// </list>
/// </summary>
public static class SlaClockEngine
{
    public static IReadOnlyList<SlaClock> Compute(SlaHistory history, SlaTargets targets, BusinessCalendar calendar, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(calendar);
        var created = Utc(history.CreatedAt, nameof(history));
        var status = TicketStatus.New;
        var first = new Meter(SlaClockKind.FirstResponse, targets.FirstResponseMinutes, created, calendar);
        var resolution = targets.ResolutionMinutes is { } r ? new Meter(SlaClockKind.Resolution, r, created, calendar) : null;
        Meter? next = null;
        first.Follow(created, active: true);
        resolution?.Follow(created, active: true);
        var last = created;

        // Facts arrive in the order they were recorded; a stable sort only repairs stragglers.
        foreach (var fact in history.Facts.OrderBy(f => f.At))
        {
            // Nothing happens before creation: an out-of-order time would make negative intervals.
            var at = Max(Utc(fact.At, nameof(history)), last);
            last = at;
            switch (fact.Kind)
            {
                case SlaFactKind.StatusChanged:
                    var from = status;
                    status = fact.Status;
                    if (status is TicketStatus.Solved or TicketStatus.Closed)
                    {
                        first.Stop(at);
                        next?.Stop(at);
                        resolution?.Stop(at);
                    }
                    else if (from is TicketStatus.Solved or TicketStatus.Closed)
                    {
                        resolution?.Reopen();
                    }
                    break;
                case SlaFactKind.StaffReply:
                    first.Stop(at);
                    next?.Stop(at);
                    break;
                case SlaFactKind.CustomerReply:
                    if (targets.NextResponseMinutes is { } n && first.IsStopped && next is not { IsStopped: false })
                    {
                        next = new Meter(SlaClockKind.NextResponse, n, at, calendar);
                    }
                    break;
            }
            var active = IsActive(status);
            first.Follow(at, active);
            next?.Follow(at, active);
            resolution?.Follow(at, active);
        }
        var asOf = Max(Utc(now, nameof(now)), last);
        var clocks = new List<SlaClock>(3) { first.Read(asOf) };
        if (next is not null)
        {
            clocks.Add(next.Read(asOf));
        }
        if (resolution is not null)
        {
            clocks.Add(resolution.Read(asOf));
        }
        return clocks;
    }

    /// <summary>The nearest deadline among running clocks (overdue ones included): the queue sorts by it.</summary>
    public static DateTime? NextDueAt(IEnumerable<SlaClock> clocks)
    {
        DateTime? nearest = null;
        foreach (var clock in clocks)
        {
            if (clock.RunningDueAt is { } due && (nearest is null || due.UtcDateTime < nearest))
            {
                nearest = due.UtcDateTime;
            }
        }
        return nearest;
    }

    /// <summary>Clocks count while the provider owes the next move.</summary>
    public static bool IsActive(TicketStatus status) => status is TicketStatus.New or TicketStatus.Open or TicketStatus.OnHold;

    private static DateTime Max(DateTime a, DateTime b) => a >= b ? a : b;

    private static DateTime Utc(DateTime value, string name) => value.Kind == DateTimeKind.Utc
        ? value
        : throw new ArgumentException($"SLA times are UTC (got Kind {value.Kind}).", name);

    /// <summary>One clock being replayed: business time accumulated over the intervals it ran.</summary>
    private sealed class Meter(SlaClockKind kind, int targetMinutes, DateTime startedAt, BusinessCalendar calendar)
    {
        private readonly long _target = targetMinutes * TimeSpan.TicksPerMinute;
        private long _elapsed;
        private DateTime? _runningSince;
        private DateTime? _stoppedAt;
        private DateTime? _dueAt;

        public bool IsStopped => _stoppedAt is not null;

        /// <summary>Runs while the ticket is active, pauses while it is not; a stopped clock stays stopped.</summary>
        public void Follow(DateTime at, bool active)
        {
            if (_stoppedAt is not null)
            {
                return;
            }
            if (active && _runningSince is null)
            {
                _runningSince = at;
                // From a closed moment the calendar starts counting at its next opening, as a deadline should.
                _dueAt = calendar.AddBusinessTime(at, TimeSpan.FromTicks(_target - _elapsed));
            }
            else if (!active && _runningSince is { } since)
            {
                _elapsed += calendar.BusinessTimeBetween(since, at).Ticks;
                _runningSince = null;
            }
        }

        public void Stop(DateTime at)
        {
            if (_stoppedAt is not null)
            {
                return;
            }
            Follow(at, active: false);
            _stoppedAt = at;
        }

        /// <summary>Resumes a stopped clock with its time so far (resolution after a reopen); the next <see cref="Follow"/> restarts it.</summary>
        public void Reopen() => _stoppedAt = null;

        public SlaClock Read(DateTime now)
        {
            var elapsed = _elapsed + (_runningSince is { } since ? calendar.BusinessTimeBetween(since, now).Ticks : 0);
            var remaining = _target - elapsed;
            var stopped = _stoppedAt is not null;
            var paused = !stopped && _runningSince is null;
            var state = stopped
                ? remaining >= 0 ? SlaClockState.Met : SlaClockState.Breached
                : remaining < 0 ? SlaClockState.Breached : paused ? SlaClockState.Paused : SlaClockState.Running;
            return new SlaClock(
                kind,
                targetMinutes,
                Show(startedAt),
                paused ? null : _dueAt is { } due ? Show(due) : null,
                _stoppedAt is { } s ? Show(s) : null,
                paused,
                // A minute counts once it has fully passed; what is left is rounded down, so it goes
                // negative the moment the target is missed.
                elapsed / TimeSpan.TicksPerMinute,
                FloorDiv(remaining, TimeSpan.TicksPerMinute),
                state);
        }

        private DateTimeOffset Show(DateTime utc) => calendar.ToCalendarTime(new DateTimeOffset(utc));

        private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    }
}
