namespace Haumai.Web.Features.Calendars;

/// <summary>
/// A business calendar (lịch làm việc, S1): opening hours in a time zone, holidays, one-off closures
/// and make-up working days, and the arithmetic the SLA clocks need. Pure, immutable and thread-safe:
/// build one per definition and share it.
/// <para>
/// Instants go in as <see cref="DateTimeOffset"/> (any offset: only the instant matters) and come out
/// in the calendar's own offset at that instant, which is what the API shows. Every method also has
/// a UTC <see cref="DateTime"/> overload for stored values; it rejects any other
/// <see cref="DateTimeKind"/>, because C# would otherwise silently convert an unspecified
/// <see cref="DateTime"/> to a <see cref="DateTimeOffset"/> in the server's local zone.
/// </para>
/// <para>
/// Business time is real elapsed time (100 ns ticks) during which the calendar is open. The opening
/// hours are wall-clock times, so on a daylight-saving day 00:00-24:00 lasts 23 or 25 hours, an
/// interval across the skipped hour is an hour shorter, and one across the repeated hour counts the
/// repeated part twice.
/// </para>
/// <para>
/// Supported instants: years 0002 to 9998 (UTC); anything outside throws <see cref="ArgumentOutOfRangeException"/>.
/// </para>
/// </summary>
public sealed class BusinessCalendar
{
    private const long Day = TimeSpan.TicksPerDay;
    private static readonly long MinUtc = new DateTime(2, 1, 1).Ticks;
    private static readonly long MaxUtc = new DateTime(9999, 1, 1).Ticks;
    private static readonly long[] Closed = [];

    private readonly BusinessCalendarZone _zone;

    /// <summary>By <see cref="DayOfWeek"/>: [start0, end0, start1, end1, …] in ticks since local midnight, sorted, disjoint.</summary>
    private readonly long[][] _weekly;

    /// <summary>Dates whose hours differ from their weekday's (<see cref="DateOnly.DayNumber"/>, ascending), and those hours.</summary>
    private readonly int[] _specialDays;
    private readonly long[][] _specialHours;

    private readonly bool _hasWeeklyHours;
    private readonly bool _weeklyAllDay;
    private readonly bool _alwaysOpen;
    private readonly int _firstOpenSpecialDay = int.MaxValue;
    private readonly int _lastOpenSpecialDay = int.MinValue;

    public BusinessCalendar(BusinessCalendarDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        TimeZone = FindTimeZone(definition.TimeZoneId);
        _zone = BusinessCalendarZone.For(TimeZone);

        var weekly = definition.Weekly ?? throw new ArgumentException("Weekly is null.", nameof(definition));
        foreach (var day in weekly.Keys.Where(d => !Enum.IsDefined(d)))
        {
            throw new ArgumentException($"Weekly has an unknown day of the week ({(int)day}).", nameof(definition));
        }
        _weekly = new long[7][];
        foreach (var weekday in Enum.GetValues<DayOfWeek>())
        {
            _weekly[(int)weekday] = weekly.TryGetValue(weekday, out var hours) ? Compile(hours, $"{weekday}") : Closed;
        }
        _hasWeeklyHours = _weekly.Any(h => h.Length > 0);
        _weeklyAllDay = _weekly.All(h => h is [0, Day]);

        var special = CompileSpecialDays(definition);
        // A date whose hours equal its weekday's (a holiday on a Sunday) needs no entry: fewer entries, faster walks.
        foreach (var day in special.Keys.Where(d => special[d].AsSpan().SequenceEqual(WeeklyHours(d))).ToList())
        {
            special.Remove(day);
        }
        _specialDays = [.. special.Keys];
        _specialHours = [.. special.Values];
        foreach (var (day, hours) in special)
        {
            if (hours.Length > 0)
            {
                _firstOpenSpecialDay = Math.Min(_firstOpenSpecialDay, day);
                _lastOpenSpecialDay = Math.Max(_lastOpenSpecialDay, day);
            }
        }
        if (!_hasWeeklyHours && _lastOpenSpecialDay == int.MinValue)
        {
            throw new ArgumentException("The calendar is never open: it has no weekly opening hours and no make-up day.", nameof(definition));
        }
        _alwaysOpen = _weeklyAllDay && _specialDays.Length == 0;
    }

    /// <summary>
    /// Open all the time (technical support). Its zone (Asia/Ho_Chi_Minh) only sets the offset in which
    /// results are shown: the arithmetic is plain elapsed time in any zone.
    /// </summary>
    public static BusinessCalendar TwentyFourSeven { get; } = new(new BusinessCalendarDefinition
    {
        Weekly = BusinessCalendarDefinition.EveryDay(OpeningHours.AllDay),
    });

    /// <summary>Sales' office hours: Monday to Friday 08:30-18:00, Asia/Ho_Chi_Minh, closed on <paramref name="holidays"/>.</summary>
    public static BusinessCalendar OfficeHours(IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        return new BusinessCalendar(new BusinessCalendarDefinition
        {
            Weekly = BusinessCalendarDefinition.MondayToFriday(new OpeningHours(new TimeSpan(8, 30, 0), new TimeSpan(18, 0, 0))),
            Holidays = [.. holidays],
        });
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// The moment <paramref name="minutes"/> business minutes after <paramref name="from"/>: the earliest
    /// instant by which that much open time has passed, so a due time can fall exactly on a closing
    /// time (16:30 + 60 min = 17:30, not the next morning). A clock started while closed starts at the
    /// next opening, so 0 minutes gives <paramref name="from"/> when open and the next opening
    /// otherwise. Negative minutes walk backwards: the latest instant with that much open time before
    /// <paramref name="from"/> (09:00 - 60 min = 08:00 on a day that opens at 08:00).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The result would fall outside the supported years.</exception>
    /// <exception cref="InvalidOperationException">The calendar has no opening hours left in that direction.</exception>
    public DateTimeOffset AddBusinessMinutes(DateTimeOffset from, long minutes) =>
        ToCalendarTime(AddTicks(Ticks(from), MinutesToTicks(minutes), out var offset), offset);

    /// <inheritdoc cref="AddBusinessMinutes(DateTimeOffset, long)"/>
    public DateTime AddBusinessMinutes(DateTime fromUtc, long minutes) =>
        new(AddTicks(Ticks(fromUtc), MinutesToTicks(minutes), out _), DateTimeKind.Utc);

    /// <summary>As <see cref="AddBusinessMinutes(DateTimeOffset, long)"/>, to the tick.</summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset from, TimeSpan duration) =>
        ToCalendarTime(AddTicks(Ticks(from), duration.Ticks, out var offset), offset);

    /// <inheritdoc cref="AddBusinessTime(DateTimeOffset, TimeSpan)"/>
    public DateTime AddBusinessTime(DateTime fromUtc, TimeSpan duration) =>
        new(AddTicks(Ticks(fromUtc), duration.Ticks, out _), DateTimeKind.Utc);

    /// <summary>
    /// Whole business minutes from <paramref name="from"/> to <paramref name="to"/>, negative when
    /// <paramref name="to"/> is earlier. The exact business time is truncated toward zero (a minute counts
    /// once it has fully passed), so swapping the arguments only flips the sign, and
    /// <c>BusinessMinutesBetween(from, AddBusinessMinutes(from, n)) == n</c> for every open
    /// <paramref name="from"/>.
    /// </summary>
    public long BusinessMinutesBetween(DateTimeOffset from, DateTimeOffset to) =>
        BetweenTicks(Ticks(from), Ticks(to)) / TimeSpan.TicksPerMinute;

    /// <inheritdoc cref="BusinessMinutesBetween(DateTimeOffset, DateTimeOffset)"/>
    public long BusinessMinutesBetween(DateTime fromUtc, DateTime toUtc) =>
        BetweenTicks(Ticks(fromUtc), Ticks(toUtc)) / TimeSpan.TicksPerMinute;

    /// <summary>The exact business time from <paramref name="from"/> to <paramref name="to"/>, negative when <paramref name="to"/> is earlier.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to) => new(BetweenTicks(Ticks(from), Ticks(to)));

    /// <inheritdoc cref="BusinessTimeBetween(DateTimeOffset, DateTimeOffset)"/>
    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc) => new(BetweenTicks(Ticks(fromUtc), Ticks(toUtc)));

    /// <summary>Whether the calendar is open at <paramref name="at"/>: opening times are inside, closing times outside.</summary>
    public bool IsOpen(DateTimeOffset at) => IsOpenAt(Ticks(at));

    /// <inheritdoc cref="IsOpen(DateTimeOffset)"/>
    public bool IsOpen(DateTime atUtc) => IsOpenAt(Ticks(atUtc));

    /// <summary><paramref name="at"/> itself when open, else the next moment the calendar opens (when a notification held for working hours may go).</summary>
    /// <exception cref="InvalidOperationException">The calendar never opens again.</exception>
    public DateTimeOffset NextOpening(DateTimeOffset at)
    {
        var opening = NextOpeningAt(Ticks(at));
        return ToCalendarTime(opening, _zone.SpanAt(opening).Offset);
    }

    /// <inheritdoc cref="NextOpening(DateTimeOffset)"/>
    public DateTime NextOpening(DateTime atUtc) => new(NextOpeningAt(Ticks(atUtc)), DateTimeKind.Utc);

    /// <summary>
    /// When the calendar next goes from open to closed, at or after <paramref name="at"/>: the end of
    /// the current open period, or of the next one when closed now. Periods that touch are one
    /// (Monday 20:00-24:00 and Tuesday 00:00-02:00 close on Tuesday at 02:00). Null when there is no
    /// such moment: the calendar stays open for ever (<see cref="TwentyFourSeven"/>) or never opens again.
    /// </summary>
    public DateTimeOffset? NextClosing(DateTimeOffset at) =>
        NextClosingAt(Ticks(at)) is { } closing ? ToCalendarTime(closing, _zone.SpanAt(closing).Offset) : null;

    /// <inheritdoc cref="NextClosing(DateTimeOffset)"/>
    public DateTime? NextClosing(DateTime atUtc) =>
        NextClosingAt(Ticks(atUtc)) is { } closing ? new DateTime(closing, DateTimeKind.Utc) : null;

    /// <summary>The same instant in the calendar's local offset.</summary>
    public DateTimeOffset ToCalendarTime(DateTimeOffset at)
    {
        var utc = Ticks(at);
        return ToCalendarTime(utc, _zone.SpanAt(utc).Offset);
    }

    /// <summary>The opening hours of a local date, after holidays, make-up days and closures.</summary>
    public IReadOnlyList<OpeningHours> HoursOn(DateOnly date)
    {
        var hint = FirstSpecialOnOrAfter(date.DayNumber);
        var hours = HoursOf(date.DayNumber, ref hint);
        var result = new OpeningHours[hours.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new OpeningHours(new TimeSpan(hours[2 * i]), new TimeSpan(hours[(2 * i) + 1]));
        }
        return result;
    }

    private long AddTicks(long from, long ticks, out long offset)
    {
        // Business time never exceeds elapsed time, so this bound also keeps the walks finite.
        if (ticks > MaxUtc - from || ticks < MinUtc - from)
        {
            throw new ArgumentOutOfRangeException("minutes", "The result would fall outside the supported years 0002-9998.");
        }
        if (_alwaysOpen)
        {
            var due = from + ticks;
            offset = _zone.SpanAt(due).Offset;
            return due;
        }
        long start;
        long end;
        if (ticks >= 0)
        {
            var forward = new Cursor(this, from, backwards: false);
            var remaining = ticks;
            while (forward.Next(MaxUtc, out start, out end))
            {
                // "<=" stops at the end of an interval rather than at the next opening, and makes 0 the first opening.
                if (remaining <= end - start)
                {
                    var due = start + remaining;
                    offset = due < forward.Span.End ? forward.Span.Offset : _zone.SpanAt(due).Offset;
                    return due;
                }
                remaining -= end - start;
            }
        }
        else
        {
            var backward = new Cursor(this, from, backwards: true);
            var remaining = -ticks;
            while (backward.Previous(MinUtc, out start, out end))
            {
                if (remaining <= end - start)
                {
                    var due = end - remaining;
                    offset = due >= backward.Span.Start && due < backward.Span.End ? backward.Span.Offset : _zone.SpanAt(due).Offset;
                    return due;
                }
                remaining -= end - start;
            }
        }
        throw NoMoreOpenings(ticks >= 0);
    }

    private long BetweenTicks(long from, long to)
    {
        if (to < from)
        {
            return -BetweenTicks(to, from);
        }
        if (_alwaysOpen)
        {
            return to - from;
        }
        var total = 0L;
        var forward = new Cursor(this, from, backwards: false);
        while (forward.Next(to, out var start, out var end))
        {
            total += Math.Min(end, to) - start;
        }
        return total;
    }

    private bool IsOpenAt(long utc)
    {
        if (_alwaysOpen)
        {
            return true;
        }
        var local = utc + _zone.SpanAt(utc).Offset;
        var day = (int)(local / Day);
        var timeOfDay = local - ((long)day * Day);
        var hint = FirstSpecialOnOrAfter(day);
        var hours = HoursOf(day, ref hint);
        for (var i = 0; i < hours.Length; i += 2)
        {
            if (hours[i] <= timeOfDay && timeOfDay < hours[i + 1])
            {
                return true;
            }
        }
        return false;
    }

    private long NextOpeningAt(long utc)
    {
        if (_alwaysOpen)
        {
            return utc;
        }
        var forward = new Cursor(this, utc, backwards: false);
        return forward.Next(MaxUtc, out var start, out _) ? start : throw NoMoreOpenings(forwards: true);
    }

    private long? NextClosingAt(long utc)
    {
        if (_alwaysOpen)
        {
            return null;
        }
        var forward = new Cursor(this, utc, backwards: false);
        if (!forward.Next(MaxUtc, out _, out var closing))
        {
            return null;
        }
        // Past the last special date a calendar open all week stays open: stop there instead of walking to year 9998.
        var neverClosesAfter = _weeklyAllDay ? ((long)_specialDays[^1] + 2) * Day : long.MaxValue;
        while (closing < neverClosesAfter && forward.Next(closing + 1, out _, out var end))
        {
            closing = end;
        }
        return closing < neverClosesAfter ? closing : null;
    }

    /// <summary>The hours of local day <paramref name="day"/>; <paramref name="hint"/> tracks the index of the first special date on or after it.</summary>
    private long[] HoursOf(int day, ref int hint)
    {
        var days = _specialDays;
        while (hint > 0 && days[hint - 1] >= day)
        {
            hint--;
        }
        while (hint < days.Length && days[hint] < day)
        {
            hint++;
        }
        return hint < days.Length && days[hint] == day ? _specialHours[hint] : _weekly[(day + 1) % 7];
    }

    private int FirstSpecialOnOrAfter(int day)
    {
        var i = Array.BinarySearch(_specialDays, day);
        return i < 0 ? ~i : i;
    }

    // DayNumber 0 (0001-01-01) was a Monday.
    private long[] WeeklyHours(int day) => _weekly[(day + 1) % 7];

    private Exception NoMoreOpenings(bool forwards)
    {
        if (_hasWeeklyHours)
        {
            return new ArgumentOutOfRangeException(null, "The result would fall outside the supported years 0002-9998.");
        }
        var edge = DateOnly.FromDayNumber(forwards ? _lastOpenSpecialDay : _firstOpenSpecialDay);
        return new InvalidOperationException(forwards
            ? $"The calendar has no opening hours after {edge:yyyy-MM-dd}: it has no weekly hours and that is its last make-up day."
            : $"The calendar has no opening hours before {edge:yyyy-MM-dd}: it has no weekly hours and that is its first make-up day.");
    }

    private static DateTimeOffset ToCalendarTime(long utc, long offset) => new(utc + offset, new TimeSpan(offset));

    private static long Ticks(DateTimeOffset at) => CheckRange(at.UtcTicks);

    private static long Ticks(DateTime utc) => utc.Kind == DateTimeKind.Utc
        ? CheckRange(utc.Ticks)
        : throw new ArgumentException($"A UTC DateTime is required (got Kind {utc.Kind}); pass a DateTimeOffset for other times.", nameof(utc));

    private static long CheckRange(long utc) => utc >= MinUtc && utc <= MaxUtc
        ? utc
        : throw new ArgumentOutOfRangeException(nameof(utc), "Instants must fall in the years 0002-9998.");

    private static long MinutesToTicks(long minutes)
    {
        const long limit = long.MaxValue / TimeSpan.TicksPerMinute;
        return minutes is >= -limit and <= limit
            ? minutes * TimeSpan.TicksPerMinute
            : throw new ArgumentOutOfRangeException(nameof(minutes), "The result would fall outside the supported years 0002-9998.");
    }

    private static TimeZoneInfo FindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ArgumentException($"Unknown time zone '{id}': an IANA id such as {BusinessCalendarDefinition.DefaultTimeZoneId} is expected.", nameof(id), e);
        }
    }

    /// <summary>Sorts, checks and joins one day's intervals into the flat form the walks read.</summary>
    private static long[] Compile(IReadOnlyList<OpeningHours> hours, string where)
    {
        ArgumentNullException.ThrowIfNull(hours, where);
        var sorted = new List<(long Start, long End)>(hours.Count);
        foreach (var h in hours)
        {
            // default(OpeningHours) bypasses the constructor's check.
            if (h.Start < TimeSpan.Zero || h.End > TimeSpan.FromDays(1) || h.Start >= h.End)
            {
                throw new ArgumentException($"{where}: invalid opening hours {h}.", nameof(hours));
            }
            sorted.Add((h.Start.Ticks, h.End.Ticks));
        }
        sorted.Sort();
        var flat = new List<long>(sorted.Count * 2);
        foreach (var (start, end) in sorted)
        {
            if (flat.Count > 0 && start <= flat[^1])
            {
                flat[^1] = Math.Max(flat[^1], end);
            }
            else
            {
                flat.Add(start);
                flat.Add(end);
            }
        }
        return [.. flat];
    }

    private SortedDictionary<int, long[]> CompileSpecialDays(BusinessCalendarDefinition definition)
    {
        var special = new SortedDictionary<int, long[]>();
        var holidays = new HashSet<DateOnly>(definition.Holidays ?? throw new ArgumentException("Holidays is null.", nameof(definition)));
        foreach (var holiday in holidays)
        {
            special[holiday.DayNumber] = Closed;
        }
        var makeUp = new HashSet<DateOnly>();
        foreach (var day in definition.MakeUpDays ?? throw new ArgumentException("MakeUpDays is null.", nameof(definition)))
        {
            if (holidays.Contains(day.Date))
            {
                throw new ArgumentException($"{day.Date:yyyy-MM-dd} is both a holiday and a make-up day.", nameof(definition));
            }
            if (!makeUp.Add(day.Date))
            {
                throw new ArgumentException($"{day.Date:yyyy-MM-dd} is a make-up day twice.", nameof(definition));
            }
            special[day.Date.DayNumber] = Compile(day.Hours, $"Make-up day {day.Date:yyyy-MM-dd}");
            if (special[day.Date.DayNumber].Length == 0)
            {
                throw new ArgumentException($"Make-up day {day.Date:yyyy-MM-dd} has no opening hours.", nameof(definition));
            }
        }
        foreach (var closure in definition.Closures ?? throw new ArgumentException("Closures is null.", nameof(definition)))
        {
            if (closure.LocalStart.Kind != DateTimeKind.Unspecified || closure.LocalEnd.Kind != DateTimeKind.Unspecified)
            {
                throw new ArgumentException("Closures are in the calendar's local time: their DateTimeKind must be Unspecified.", nameof(definition));
            }
            if (closure.LocalStart >= closure.LocalEnd)
            {
                throw new ArgumentException($"Closure {closure.LocalStart:s} - {closure.LocalEnd:s} ends before it starts.", nameof(definition));
            }
            var first = (int)(closure.LocalStart.Ticks / Day);
            var last = (int)((closure.LocalEnd.Ticks - 1) / Day);
            for (var day = first; day <= last; day++)
            {
                var midnight = (long)day * Day;
                var hours = special.TryGetValue(day, out var known) ? known : WeeklyHours(day);
                special[day] = Subtract(hours, Math.Max(closure.LocalStart.Ticks - midnight, 0), Math.Min(closure.LocalEnd.Ticks - midnight, Day));
            }
        }
        return special;
    }

    private static long[] Subtract(long[] hours, long cutStart, long cutEnd)
    {
        var result = new List<long>(hours.Length + 2);
        for (var i = 0; i < hours.Length; i += 2)
        {
            var (start, end) = (hours[i], hours[i + 1]);
            if (start < cutStart)
            {
                result.Add(start);
                result.Add(Math.Min(end, cutStart));
            }
            if (end > cutEnd)
            {
                result.Add(Math.Max(start, cutEnd));
                result.Add(end);
            }
        }
        return [.. result];
    }

    /// <summary>
    /// Walks the open intervals forwards (<see cref="Next"/>) or backwards (<see cref="Previous"/>) from
    /// <see cref="Position"/>, in UTC ticks, without allocating. Inside one offset span local time is UTC
    /// plus a constant, so the day's wall-clock intervals map to UTC by one addition; an interval that
    /// runs past the span is cut there and the walk resumes at the new offset's wall-clock time.
    /// </summary>
    private struct Cursor
    {
        private readonly BusinessCalendar _calendar;
        private int _hint;

        public Cursor(BusinessCalendar calendar, long utc, bool backwards)
        {
            _calendar = calendar;
            Position = utc;
            Span = backwards ? calendar._zone.SpanBefore(utc) : calendar._zone.SpanAt(utc);
            // UTC's day is within one of the local day: HoursOf moves the hint the rest of the way.
            _hint = calendar.FirstSpecialOnOrAfter((int)(utc / Day));
        }

        /// <summary>UTC ticks: forwards, everything before it has been handed out; backwards, everything after it.</summary>
        public long Position { get; private set; }

        /// <summary>The offset span of the last interval handed out (forwards: Start ≤ t &lt; End; backwards: Start &lt; t ≤ End).</summary>
        public BusinessCalendarZone.Span Span { get; private set; }

        /// <summary>The next open interval at or after <see cref="Position"/> that starts before <paramref name="limit"/>; false when none does.</summary>
        public bool Next(long limit, out long start, out long end)
        {
            var calendar = _calendar;
            while (Position < limit)
            {
                if (Position >= Span.End)
                {
                    Span = calendar._zone.SpanAt(Position);
                }
                var offset = Span.Offset;
                var local = Position + offset;
                var day = (int)(local / Day);
                var midnight = (long)day * Day;
                var timeOfDay = local - midnight;
                var hours = calendar.HoursOf(day, ref _hint);
                var resume = midnight + Day - offset;
                for (var i = 0; i < hours.Length; i += 2)
                {
                    if (hours[i + 1] > timeOfDay)
                    {
                        var from = Math.Max(hours[i], timeOfDay) + midnight - offset;
                        if (from >= Span.End)
                        {
                            // The offset changes before this interval opens: carry on from the change.
                            resume = Span.End;
                            break;
                        }
                        if (from >= limit)
                        {
                            start = end = 0;
                            return false;
                        }
                        start = from;
                        end = Math.Min(hours[i + 1] + midnight - offset, Span.End);
                        Position = end;
                        return true;
                    }
                }
                if (resume >= Span.End)
                {
                    resume = Span.End;
                }
                else if (!calendar._hasWeeklyHours && day >= calendar._lastOpenSpecialDay)
                {
                    break;
                }
                Position = resume;
            }
            start = end = 0;
            return false;
        }

        /// <summary>The previous open interval before <see cref="Position"/> that ends after <paramref name="limit"/>; false when none does.</summary>
        public bool Previous(long limit, out long start, out long end)
        {
            var calendar = _calendar;
            while (Position > limit)
            {
                if (Position <= Span.Start)
                {
                    Span = calendar._zone.SpanBefore(Position);
                }
                var offset = Span.Offset;
                var local = Position + offset;
                // The day of the instant just before Position: at midnight that is the day before.
                var day = (int)((local - 1) / Day);
                var midnight = (long)day * Day;
                var timeOfDay = local - midnight;
                var hours = calendar.HoursOf(day, ref _hint);
                var resume = midnight - offset;
                for (var i = hours.Length - 2; i >= 0; i -= 2)
                {
                    if (hours[i] < timeOfDay)
                    {
                        var to = Math.Min(hours[i + 1], timeOfDay) + midnight - offset;
                        if (to <= Span.Start)
                        {
                            // The offset changed after this interval closed: carry on from the change.
                            resume = Span.Start;
                            break;
                        }
                        if (to <= limit)
                        {
                            start = end = 0;
                            return false;
                        }
                        start = Math.Max(hours[i] + midnight - offset, Span.Start);
                        end = to;
                        Position = start;
                        return true;
                    }
                }
                if (resume <= Span.Start)
                {
                    resume = Span.Start;
                }
                else if (!calendar._hasWeeklyHours && day <= calendar._firstOpenSpecialDay)
                {
                    break;
                }
                Position = resume;
            }
            start = end = 0;
            return false;
        }
    }
}
