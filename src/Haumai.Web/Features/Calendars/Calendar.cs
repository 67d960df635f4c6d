namespace Haumai.Web.Features.Calendars;

/// <summary>
/// A business calendar (lịch làm việc) as an admin keeps it: the stored definition from which
/// <see cref="StoredCalendars"/> compiles a <see cref="BusinessCalendar"/>. The national holidays are
/// not stored per calendar: a calendar only says whether it observes them
/// (<see cref="VietnameseHolidays"/>), and they come from the rules plus the holiday change log.
/// </summary>
public sealed class Calendar
{
    /// <summary>Installed by migration 0002; other features refer to them by slug, so they cannot go away.</summary>
    public static readonly IReadOnlySet<string> BuiltInSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        ICalendarSource.TwentyFourSeven,
        ICalendarSource.OfficeHours,
    };

    private readonly List<CalendarClosure> _closures = [];
    private readonly List<CalendarMakeUpDay> _makeUpDays = [];

    private Calendar() { }

    public Calendar(string slug, string name, string nameEn, string timeZone,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> weekly, bool vietnameseHolidays, DateTime now)
    {
        Slug = slug.Trim().ToLowerInvariant();
        CreatedAt = now;
        Update(name, nameEn, timeZone, weekly, vietnameseHolidays, now);
    }

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";

    /// <summary>Vietnamese name, shown by default.</summary>
    public string Name { get; private set; } = "";
    public string NameEn { get; private set; } = "";

    /// <summary>IANA id; the opening hours, closures and make-up days are wall-clock times in it.</summary>
    public string TimeZone { get; private set; } = BusinessCalendarDefinition.DefaultTimeZoneId;

    /// <summary>The weekly opening hours as JSON, see <see cref="WeeklyHoursJson"/>.</summary>
    public string WeeklyHours { get; private set; } = "{}";

    /// <summary>Whether the Vietnamese public holidays (with the year's recorded changes) close this calendar.</summary>
    public bool VietnameseHolidays { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyList<CalendarClosure> Closures => _closures;
    public IReadOnlyList<CalendarMakeUpDay> MakeUpDays => _makeUpDays;

    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> Weekly => WeeklyHoursJson.Read(WeeklyHours);

    public void Update(string name, string nameEn, string timeZone,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> weekly, bool vietnameseHolidays, DateTime now)
    {
        Name = name.Trim();
        NameEn = nameEn.Trim();
        TimeZone = timeZone;
        WeeklyHours = WeeklyHoursJson.Write(weekly);
        VietnameseHolidays = vietnameseHolidays;
        UpdatedAt = now;
    }

    public CalendarClosure AddClosure(DateTime localStart, DateTime localEnd, string? reason, DateTime now)
    {
        var closure = new CalendarClosure(Id, localStart, localEnd, reason);
        _closures.Add(closure);
        UpdatedAt = now;
        return closure;
    }

    public bool RemoveClosure(int closureId, DateTime now)
    {
        var removed = _closures.RemoveAll(c => c.Id == closureId) > 0;
        if (removed)
        {
            UpdatedAt = now;
        }
        return removed;
    }

    /// <summary>Sets the hours of a make-up day, replacing what that date had.</summary>
    public CalendarMakeUpDay SetMakeUpDay(DateOnly date, IReadOnlyList<OpeningHours> hours, string? reason, DateTime now)
    {
        var day = _makeUpDays.FirstOrDefault(d => d.Date == date);
        if (day is null)
        {
            day = new CalendarMakeUpDay(Id, date, hours, reason);
            _makeUpDays.Add(day);
        }
        else
        {
            day.Change(hours, reason);
        }
        UpdatedAt = now;
        return day;
    }

    public bool RemoveMakeUpDay(DateOnly date, DateTime now)
    {
        var removed = _makeUpDays.RemoveAll(d => d.Date == date) > 0;
        if (removed)
        {
            UpdatedAt = now;
        }
        return removed;
    }

    /// <summary>
    /// What <see cref="BusinessCalendar"/> compiles. <paramref name="holidays"/> are the national
    /// holidays to apply, already empty when the calendar does not observe them.
    /// </summary>
    public BusinessCalendarDefinition ToDefinition(IReadOnlyCollection<DateOnly> holidays) => new()
    {
        TimeZoneId = TimeZone,
        Weekly = Weekly,
        Holidays = holidays,
        MakeUpDays = [.. _makeUpDays.OrderBy(d => d.Date).Select(d => new BusinessCalendarDefinition.MakeUpDay(d.Date, d.Intervals))],
        Closures = [.. _closures.OrderBy(c => c.LocalStart).Select(c => new BusinessCalendarDefinition.Closure(c.LocalStart, c.LocalEnd))],
    };
}

/// <summary>
/// A one-off closure (a company event, a power cut announced ahead) from <see cref="LocalStart"/>
/// inclusive to <see cref="LocalEnd"/> exclusive, wall-clock times in the calendar's zone
/// (<see cref="DateTimeKind.Unspecified"/>: they name no instant until the zone is applied).
/// </summary>
public sealed class CalendarClosure
{
    public const int MaxReasonLength = 500;

    private CalendarClosure() { }

    internal CalendarClosure(int calendarId, DateTime localStart, DateTime localEnd, string? reason)
    {
        CalendarId = calendarId;
        LocalStart = DateTime.SpecifyKind(localStart, DateTimeKind.Unspecified);
        LocalEnd = DateTime.SpecifyKind(localEnd, DateTimeKind.Unspecified);
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    public int Id { get; private set; }
    public int CalendarId { get; private set; }
    public DateTime LocalStart { get; private set; }
    public DateTime LocalEnd { get; private set; }
    public string? Reason { get; private set; }
}

/// <summary>
/// A date that opens with its own hours (làm bù: Vietnam moves a working day to a Saturday to bridge
/// a holiday). One per date and calendar, so the date is the key.
/// </summary>
public sealed class CalendarMakeUpDay
{
    public const int MaxReasonLength = 500;

    private CalendarMakeUpDay() { }

    internal CalendarMakeUpDay(int calendarId, DateOnly date, IReadOnlyList<OpeningHours> hours, string? reason)
    {
        CalendarId = calendarId;
        Date = date;
        Change(hours, reason);
    }

    public int CalendarId { get; private set; }
    public DateOnly Date { get; private set; }

    /// <summary>The opening intervals, <c>HH:mm-HH:mm</c> joined by commas (the form <see cref="OpeningHours.ParseList"/> reads).</summary>
    public string Hours { get; private set; } = "";
    public string? Reason { get; private set; }

    public IReadOnlyList<OpeningHours> Intervals => OpeningHours.ParseList(Hours);

    internal void Change(IReadOnlyList<OpeningHours> hours, string? reason)
    {
        Hours = string.Join(",", hours.OrderBy(h => h.Start).Select(h => h.ToString()));
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }
}
