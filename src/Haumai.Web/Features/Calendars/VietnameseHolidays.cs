namespace Haumai.Web.Features.Calendars;

/// <summary>Why a day is a holiday.</summary>
public enum HolidayKind
{
    /// <summary>A fixed Gregorian date: 1/1, 30/4, 1/5, 2/9.</summary>
    Fixed,

    /// <summary>A date of the lunar calendar: the Tết days, Hùng Kings' day.</summary>
    Lunar,

    /// <summary>The day before or after National Day (2/9).</summary>
    Adjacent,

    /// <summary>A day off in lieu of a holiday that fell on a weekly rest day (nghỉ bù).</summary>
    Compensatory,
}

/// <summary>One public holiday. <see cref="Key"/> is unique within a year and stable across years.</summary>
public sealed record Holiday(DateOnly Date, string Key, string NameVi, string NameEn, HolidayKind Kind);

/// <summary>How an employer's week looks, which decides where compensatory days go.</summary>
public sealed record VietnameseHolidayOptions
{
    public static VietnameseHolidayOptions Default { get; } = new();

    /// <summary>
    /// The weekly rest days (Điều 111: the employer fixes them; Saturday and Sunday for most offices,
    /// Sunday alone for many factories).
    /// </summary>
    public IReadOnlySet<DayOfWeek> WeeklyRestDays { get; init; } = new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday };

    /// <summary>Whether to add the compensatory days of Điều 111 khoản 3.</summary>
    public bool CompensatoryDays { get; init; } = true;
}

/// <summary>
/// The public holidays of a Gregorian year in Vietnam, computed from the Labor Code (Bộ luật Lao động
/// 2019) and the Vietnamese lunar calendar (PRODUCT.md S1).
/// </summary>
/// <remarks>
/// <para>Điều 112 khoản 1 gives eleven paid days: Tết Dương lịch (1/1); Tết Âm lịch, 5 days;
/// Ngày Chiến thắng (30/4); Ngày Quốc tế lao động (1/5); Quốc khánh, 2/9 and one day before or
/// after it; Giỗ Tổ Hùng Vương (10/3 lunar). Khoản 3 leaves the exact Tết days and the day next to
/// 2/9 to the Prime Minister each year; without a decision this uses the defaults below, and
/// <see cref="HolidayYearAdjustments"/> carries the decisions.</para>
/// <para>Điều 111 khoản 3: a holiday falling on a weekly rest day gives a compensatory day off on the
/// next working day, that is the next day that is neither a weekly rest day nor a holiday.</para>
/// <para>Default Tết: the last day of the old lunar year and the first four of the new one, as decided
/// for 2026 (16-20/2, 29 Chạp to mùng 4). Other years were decided otherwise (2024: two days before
/// Tết and three after), which is what <see cref="HolidayYearAdjustments.TetDays"/> is for.</para>
/// <para>Default day next to 2/9: the one that joins 2/9 to the weekly rest days, so the days off
/// run together (2/9 on Monday: Tuesday 3/9, as decided for 2024; on Tuesday: Monday 1/9; on Thursday:
/// Friday 3/9; on Friday or Saturday: 1/9; on Sunday: Monday 3/9). A rest day is never chosen, since it
/// would only turn into a compensatory day. When neither side joins the weekend (2/9 on Wednesday)
/// the day before is taken.</para>
/// </remarks>
public static class VietnameseHolidays
{
    public const string NewYearKey = "new-year";
    public const string TetKeyPrefix = "tet-";
    public const string HungKingsKey = "hung-kings";
    public const string VictoryDayKey = "victory-day";
    public const string LaborDayKey = "labor-day";
    public const string NationalDayKey = "national-day";
    public const string NationalDayAdjacentKey = "national-day-adjacent";
    public const string CompensatorySuffix = "-compensatory";

    /// <summary>
    /// The holidays of <paramref name="year"/> in date order, compensatory days included. Throws
    /// <see cref="ArgumentException"/> when the adjustments do not fit the year (wrong year, a move or
    /// removal of a key that is not there, a duplicate key).
    /// </summary>
    public static IReadOnlyList<Holiday> For(int year, HolidayYearAdjustments? adjustments = null,
        VietnameseHolidayOptions? options = null)
    {
        options ??= VietnameseHolidayOptions.Default;
        if (options.WeeklyRestDays.Count >= 7)
        {
            throw new ArgumentException("At least one day of the week must be a working day.", nameof(options));
        }
        if (adjustments is not null && adjustments.Year != year)
        {
            throw new ArgumentException($"The adjustments are for {adjustments.Year}, not {year}.", nameof(adjustments));
        }
        // Tết of the year must exist; this also bounds the year to what the lunar calendar supports.
        var tet = VietnameseLunarCalendar.NewYear(year);

        var holidays = new List<Holiday>
        {
            new(new DateOnly(year, 1, 1), NewYearKey, "Tết Dương lịch", "New Year's Day", HolidayKind.Fixed),
        };
        holidays.AddRange(TetDays(year, tet, adjustments?.TetDays));
        holidays.Add(new Holiday(VietnameseLunarCalendar.ToSolar(year, 3, 10), HungKingsKey,
            "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day", HolidayKind.Lunar));
        holidays.Add(new Holiday(new DateOnly(year, 4, 30), VictoryDayKey,
            "Ngày Chiến thắng", "Victory Day (Reunification Day)", HolidayKind.Fixed));
        holidays.Add(new Holiday(new DateOnly(year, 5, 1), LaborDayKey,
            "Ngày Quốc tế Lao động", "International Labour Day", HolidayKind.Fixed));
        var nationalDay = new DateOnly(year, 9, 2);
        holidays.Add(new Holiday(nationalDay, NationalDayKey, "Quốc khánh", "National Day", HolidayKind.Fixed));
        holidays.Add(new Holiday(AdjacentDay(nationalDay, adjustments?.NationalDayAdjacentDay, options.WeeklyRestDays),
            NationalDayAdjacentKey, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)", HolidayKind.Adjacent));

        var removed = new HashSet<string>(adjustments?.Removed ?? [], StringComparer.Ordinal);
        var moved = (adjustments?.Moved ?? []).ToDictionary(m => m.Key, m => m.To, StringComparer.Ordinal);
        foreach (var to in moved.Values)
        {
            CheckInYear(year, to, nameof(adjustments));
        }
        var used = new HashSet<string>(StringComparer.Ordinal);

        // Decisions about the holidays themselves come first, so that compensation follows the days actually off.
        holidays = Adjust(holidays, removed, moved, used);
        foreach (var added in adjustments?.Added ?? [])
        {
            CheckInYear(year, added.Date, nameof(adjustments));
            holidays.Add(added);
        }

        if (options.CompensatoryDays)
        {
            var compensatory = Compensate(holidays, options.WeeklyRestDays);
            // Then the decisions about compensatory days, which only exist from here on.
            holidays.AddRange(Adjust(compensatory, removed, moved, used));
        }

        var unknown = removed.Concat(moved.Keys).Where(key => !used.Contains(key)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"No holiday with key {string.Join(", ", unknown)} in {year}.", nameof(adjustments));
        }
        var duplicate = holidays.GroupBy(h => h.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two holidays with key {duplicate.Key} in {year}.", nameof(adjustments));
        }

        return holidays.OrderBy(h => h.Date).ThenBy(h => h.Kind).ThenBy(h => h.Key, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<Holiday> TetDays(int year, DateOnly tet, IReadOnlyList<DateOnly>? decided)
    {
        IReadOnlyList<DateOnly> days = decided ?? [tet.AddDays(-1), tet, tet.AddDays(1), tet.AddDays(2), tet.AddDays(3)];
        if (days.Count == 0 || days.Distinct().Count() != days.Count)
        {
            throw new ArgumentException("The Tết days must be distinct and at least one.", "adjustments");
        }
        var number = 0;
        foreach (var day in days.Order())
        {
            CheckInYear(year, day, "adjustments");
            var lunar = VietnameseLunarCalendar.FromSolar(day);
            number++;
            yield return new Holiday(day, TetKeyPrefix + number,
                $"Tết Âm lịch ({LunarDayVi(lunar)})", $"Lunar New Year (lunar {lunar.Day}/{lunar.Month})", HolidayKind.Lunar);
        }
    }

    // "mùng 1 tháng Giêng", "30 tháng Chạp": how a Vietnamese calendar names the Tết days.
    private static string LunarDayVi(LunarDate date)
    {
        var day = date.Day <= 10 ? $"mùng {date.Day}" : date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var month = date.Month switch
        {
            1 => "Giêng",
            12 => "Chạp",
            _ => date.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return $"{day} tháng {month}{(date.IsLeapMonth ? " nhuận" : "")}";
    }

    private static DateOnly AdjacentDay(DateOnly nationalDay, DateOnly? decided, IReadOnlySet<DayOfWeek> rest)
    {
        var before = nationalDay.AddDays(-1);
        var after = nationalDay.AddDays(1);
        if (decided is { } day)
        {
            return day == before || day == after
                ? day
                : throw new ArgumentException($"The day next to National Day must be {before:yyyy-MM-dd} or {after:yyyy-MM-dd}.", "adjustments");
        }

        bool Working(DateOnly d) => !rest.Contains(d.DayOfWeek);
        // The two days off (2/9 and this one) touch a weekly rest day on one side or the other.
        bool JoinsRest(DateOnly d)
        {
            var first = d < nationalDay ? d : nationalDay;
            var last = d < nationalDay ? nationalDay : d;
            return !Working(first.AddDays(-1)) || !Working(last.AddDays(1));
        }

        DateOnly[] candidates = [before, after];
        return candidates.Where(d => Working(d) && JoinsRest(d)).Cast<DateOnly?>().FirstOrDefault()
            ?? candidates.Where(Working).Cast<DateOnly?>().FirstOrDefault()
            ?? before;
    }

    /// <summary>
    /// Điều 111 khoản 3: each holiday on a weekly rest day gives the next day that is neither a rest day
    /// nor already a day off. Compensatory days an admin added are days off but earn nothing themselves.
    /// </summary>
    private static List<Holiday> Compensate(List<Holiday> holidays, IReadOnlySet<DayOfWeek> rest)
    {
        var off = holidays.Select(h => h.Date).ToHashSet();
        var compensatory = new List<Holiday>();
        foreach (var holiday in holidays.OrderBy(h => h.Date).ThenBy(h => h.Key, StringComparer.Ordinal))
        {
            if (holiday.Kind == HolidayKind.Compensatory || !rest.Contains(holiday.Date.DayOfWeek))
            {
                continue;
            }
            var day = holiday.Date.AddDays(1);
            while (rest.Contains(day.DayOfWeek) || off.Contains(day))
            {
                day = day.AddDays(1);
            }
            off.Add(day);
            compensatory.Add(new Holiday(day, holiday.Key + CompensatorySuffix,
                $"Nghỉ bù {holiday.NameVi}", $"Day off in lieu of {holiday.NameEn}", HolidayKind.Compensatory));
        }
        return compensatory;
    }

    private static List<Holiday> Adjust(List<Holiday> holidays, HashSet<string> removed,
        Dictionary<string, DateOnly> moved, HashSet<string> used)
    {
        var result = new List<Holiday>(holidays.Count);
        foreach (var holiday in holidays)
        {
            if (removed.Contains(holiday.Key))
            {
                used.Add(holiday.Key);
            }
            else if (moved.TryGetValue(holiday.Key, out var to))
            {
                used.Add(holiday.Key);
                result.Add(holiday with { Date = to });
            }
            else
            {
                result.Add(holiday);
            }
        }
        return result;
    }

    private static void CheckInYear(int year, DateOnly date, string parameter)
    {
        if (date.Year != year)
        {
            throw new ArgumentException($"{date:yyyy-MM-dd} is not in {year}.", parameter);
        }
    }
}
