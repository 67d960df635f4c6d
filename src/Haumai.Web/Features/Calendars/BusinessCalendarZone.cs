using System.Collections.Concurrent;

namespace Haumai.Web.Features.Calendars;

/// <summary>
/// A time zone's UTC offsets as "spans": UTC ranges within which the offset does not change.
/// <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> costs 100-300 ns per call, several times the
/// budget of a whole due-time computation, so the calendar asks for a span once and then does plain
/// arithmetic until the walk leaves it. Spans never cross a UTC year boundary: a year's transitions
/// are found once, on first use, and shared by every calendar on the same zone.
/// </summary>
internal sealed class BusinessCalendarZone
{
    private const int MaxYear = 9999;
    private static readonly ConcurrentDictionary<string, BusinessCalendarZone> Zones = new(StringComparer.Ordinal);

    private readonly TimeZoneInfo _zone;
    private readonly Year?[] _years = new Year?[MaxYear + 1];

    private BusinessCalendarZone(TimeZoneInfo zone) => _zone = zone;

    public static BusinessCalendarZone For(TimeZoneInfo zone) => Zones.GetOrAdd(zone.Id, static (_, z) => new BusinessCalendarZone(z), zone);

    /// <summary>The span that contains <paramref name="utcTicks"/> (Start ≤ utcTicks &lt; End).</summary>
    public Span SpanAt(long utcTicks)
    {
        var year = GetYear(new DateTime(utcTicks, DateTimeKind.Utc).Year);
        var transitions = year.Transitions;
        var i = 0;
        while (i < transitions.Length && transitions[i] <= utcTicks)
        {
            i++;
        }
        return new Span(
            year.Offsets[i],
            i == 0 ? year.Start : transitions[i - 1],
            i == transitions.Length ? year.End : transitions[i]);
    }

    /// <summary>The span that contains the instant just before <paramref name="utcTicks"/> (Start &lt; utcTicks ≤ End).</summary>
    public Span SpanBefore(long utcTicks) => SpanAt(utcTicks - 1);

    private Year GetYear(int year)
    {
        var known = Volatile.Read(ref _years[year]);
        if (known is not null)
        {
            return known;
        }
        // Benign race: two threads may build the same year; the results are equal and the first one stays.
        var built = BuildYear(year);
        return Interlocked.CompareExchange(ref _years[year], built, null) ?? built;
    }

    /// <summary>
    /// Samples the offset at every UTC midnight of the year and bisects each change down to the tick.
    /// This assumes at most one transition between two samples (24 h apart); no zone in the tz
    /// database changes its offset twice within a day in the years a helpdesk deals with.
    /// </summary>
    private Year BuildYear(int year)
    {
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var end = year == MaxYear ? DateTime.MaxValue.Ticks : new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var transitions = new List<long>();
        var offsets = new List<long> { Offset(start) };
        var previous = start;
        while (previous < end)
        {
            var next = Math.Min(previous + TimeSpan.TicksPerDay, end);
            var before = offsets[^1];
            if (Offset(next) != before)
            {
                var lo = previous;
                var hi = next;
                while (hi - lo > 1)
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (Offset(mid) == before)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }
                // A change exactly at the next New Year belongs to the next year's table.
                if (hi < end)
                {
                    transitions.Add(hi);
                    offsets.Add(Offset(hi));
                }
            }
            previous = next;
        }
        return new Year(start, end, [.. transitions], [.. offsets]);
    }

    private long Offset(long utcTicks) => _zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    /// <summary>UTC offset <see cref="Offset"/> (ticks) in force from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), UTC ticks.</summary>
    public readonly record struct Span(long Offset, long Start, long End);

    private sealed record Year(long Start, long End, long[] Transitions, long[] Offsets);
}
