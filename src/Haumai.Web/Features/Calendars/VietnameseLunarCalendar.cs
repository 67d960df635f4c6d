using System.Collections.Concurrent;

namespace Haumai.Web.Features.Calendars;

/// <summary>A day of the Vietnamese lunar calendar (âm lịch). <see cref="Year"/> is the Gregorian year in which its Tết falls.</summary>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth);

/// <summary>One month of a lunar year: its number (1-12), whether it is the leap month (tháng nhuận), its first day and length (29 or 30).</summary>
public readonly record struct LunarMonth(int Month, bool IsLeapMonth, DateOnly FirstDay, int Days);

/// <summary>
/// The Vietnamese lunar calendar, computed from astronomy at UTC+7 (PRODUCT.md S1).
/// </summary>
/// <remarks>
/// <para>The rules (the standard ones of the Chinese-family calendars, as described by Hồ Ngọc Đức for
/// Vietnam): a month begins on the local day of a new moon; month 11 is the month containing the
/// winter solstice (the sun at 270°); when 13 months lie between two months 11, the first of them
/// after month 11 that contains no principal term (no multiple of 30° of solar longitude) is a leap
/// month and repeats the number of the month before it.</para>
/// <para>"Local day" is what makes this calendar Vietnamese: since 1968 Vietnam computes it at UTC+7,
/// China at UTC+8, so a new moon between 16:00 and 17:00 UT lands on different days and Tết can differ
/// by a day or, through month 11, by a month (1985). .NET's <c>ChineseLunisolarCalendar</c> is the
/// UTC+8 calendar and is deliberately not used. Before 1968 the calendar in use in Vietnam was, but
/// for a few months, the UTC+8 one: pass <c>utcOffsetHours: 8</c> for historical dates.</para>
/// <para>Results are cached per lunar year and offset; the cache is thread-safe and values are
/// immutable, so every method may be called concurrently.</para>
/// </remarks>
public static class VietnameseLunarCalendar
{
    /// <summary>The meridian of the official Vietnamese calendar since 1968: 105° E, UTC+7.</summary>
    public const double VietnamUtcOffsetHours = 7;

    /// <summary>The first lunar year supported: the range of Hồ Ngọc Đức's published tables, against which this was checked.</summary>
    public const int MinYear = 1800;

    /// <summary>The last lunar year supported.</summary>
    public const int MaxYear = 2199;

    private static readonly ConcurrentDictionary<(int Year, double Offset), LunarYear> Years = new();

    /// <summary>The first day supported by <see cref="FromSolar"/> at UTC+7: Tết of <see cref="MinYear"/>.</summary>
    public static DateOnly MinSupportedDate => NewYear(MinYear);

    /// <summary>The last day supported by <see cref="FromSolar"/> at UTC+7: the eve of Tết of the year after <see cref="MaxYear"/>.</summary>
    public static DateOnly MaxSupportedDate => DateOnly.FromDayNumber(GetYear(MaxYear, VietnamUtcOffsetHours).End - 1);

    /// <summary>The lunar date of a Gregorian date.</summary>
    public static LunarDate FromSolar(DateOnly date, double utcOffsetHours = VietnamUtcOffsetHours)
    {
        CheckOffset(utcOffsetHours);
        var day = date.DayNumber;
        var year = date.Year;
        // Tết is always between 21 January and 20 February, so the lunar year is the Gregorian one or the one before.
        if (year <= MaxYear && year >= MinYear && GetYear(year, utcOffsetHours).Start <= day)
        {
            return GetYear(year, utcOffsetHours).DateOf(day);
        }
        if (year - 1 <= MaxYear && year - 1 >= MinYear && GetYear(year - 1, utcOffsetHours).End > day)
        {
            return GetYear(year - 1, utcOffsetHours).DateOf(day);
        }
        throw new ArgumentOutOfRangeException(nameof(date), date,
            $"The lunar calendar is computed for lunar years {MinYear}-{MaxYear} only.");
    }

    /// <summary>
    /// The Gregorian date of a lunar date. Throws <see cref="ArgumentOutOfRangeException"/> when the
    /// date does not exist (day 30 of a 29-day month, a leap month the year does not have).
    /// </summary>
    public static DateOnly ToSolar(int lunarYear, int lunarMonth, int lunarDay, bool leapMonth = false,
        double utcOffsetHours = VietnamUtcOffsetHours)
    {
        if (TryToSolar(lunarYear, lunarMonth, lunarDay, leapMonth, out var date, utcOffsetHours))
        {
            return date;
        }
        var month = leapMonth ? $"leap month {lunarMonth}" : $"month {lunarMonth}";
        throw new ArgumentOutOfRangeException(nameof(lunarDay),
            $"Lunar year {lunarYear} has no day {lunarDay} of {month}.");
    }

    /// <summary>
    /// Like <see cref="ToSolar"/>, but answers false instead of throwing for a date that does not
    /// exist, which is ordinary (a birthday on the 30th, an anniversary in a leap month).
    /// </summary>
    public static bool TryToSolar(int lunarYear, int lunarMonth, int lunarDay, bool leapMonth, out DateOnly date,
        double utcOffsetHours = VietnamUtcOffsetHours)
    {
        CheckYear(lunarYear);
        CheckOffset(utcOffsetHours);
        date = default;
        var year = GetYear(lunarYear, utcOffsetHours);
        var index = year.IndexOf(lunarMonth, leapMonth);
        if (index < 0 || lunarDay < 1 || lunarDay > year.Length(index))
        {
            return false;
        }
        date = DateOnly.FromDayNumber(year.Starts[index] + lunarDay - 1);
        return true;
    }

    /// <summary>Tết Nguyên đán: the first day of the first month of <paramref name="lunarYear"/>.</summary>
    public static DateOnly NewYear(int lunarYear, double utcOffsetHours = VietnamUtcOffsetHours)
    {
        CheckYear(lunarYear);
        CheckOffset(utcOffsetHours);
        return DateOnly.FromDayNumber(GetYear(lunarYear, utcOffsetHours).Start);
    }

    /// <summary>The length (29 or 30) of a month; throws when the year has no such (leap) month.</summary>
    public static int DaysInMonth(int lunarYear, int lunarMonth, bool leapMonth = false,
        double utcOffsetHours = VietnamUtcOffsetHours)
    {
        CheckYear(lunarYear);
        CheckOffset(utcOffsetHours);
        var year = GetYear(lunarYear, utcOffsetHours);
        var index = year.IndexOf(lunarMonth, leapMonth);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarMonth),
                $"Lunar year {lunarYear} has no {(leapMonth ? "leap " : "")}month {lunarMonth}.");
        }
        return year.Length(index);
    }

    /// <summary>The number of the month that is repeated as a leap month in <paramref name="lunarYear"/>, or null.</summary>
    public static int? LeapMonth(int lunarYear, double utcOffsetHours = VietnamUtcOffsetHours)
    {
        CheckYear(lunarYear);
        CheckOffset(utcOffsetHours);
        var year = GetYear(lunarYear, utcOffsetHours);
        return year.LeapIndex < 0 ? null : year.NumberAt(year.LeapIndex);
    }

    /// <summary>The 12 or 13 months of a lunar year, in order.</summary>
    public static IReadOnlyList<LunarMonth> MonthsOf(int lunarYear, double utcOffsetHours = VietnamUtcOffsetHours)
    {
        CheckYear(lunarYear);
        CheckOffset(utcOffsetHours);
        var year = GetYear(lunarYear, utcOffsetHours);
        var months = new LunarMonth[year.Count];
        for (var i = 0; i < months.Length; i++)
        {
            months[i] = new LunarMonth(year.NumberAt(i), i == year.LeapIndex,
                DateOnly.FromDayNumber(year.Starts[i]), year.Length(i));
        }
        return months;
    }

    private static void CheckYear(int lunarYear)
    {
        if (lunarYear is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarYear), lunarYear,
                $"The lunar calendar is computed for lunar years {MinYear}-{MaxYear} only.");
        }
    }

    // Whole quarter hours between UTC-12 and UTC+14 cover every real time zone and keep the cache finite.
    private static void CheckOffset(double utcOffsetHours)
    {
        if (utcOffsetHours is < -12 or > 14 || Math.Abs(utcOffsetHours * 4 - Math.Round(utcOffsetHours * 4)) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(utcOffsetHours), utcOffsetHours,
                "The offset must be a whole number of quarter hours between -12 and +14.");
        }
    }

    private static LunarYear GetYear(int lunarYear, double utcOffsetHours) =>
        Years.GetOrAdd((lunarYear, utcOffsetHours), static key => LunarYear.Compute(key.Year, key.Offset));

    /// <summary>
    /// A computed lunar year: the first day (as <see cref="DateOnly.DayNumber"/>) of each month plus,
    /// as a sentinel, the next Tết; and the index of the leap month, or -1.
    /// </summary>
    private sealed class LunarYear
    {
        private LunarYear(int year, int[] starts, int leapIndex)
        {
            Year = year;
            Starts = starts;
            LeapIndex = leapIndex;
        }

        public int Year { get; }
        public int[] Starts { get; }
        public int LeapIndex { get; }
        public int Count => Starts.Length - 1;
        public int Start => Starts[0];
        public int End => Starts[^1];

        public int Length(int index) => Starts[index + 1] - Starts[index];

        // The leap month repeats the number of the month before it, so from it on numbers lag the index by one.
        public int NumberAt(int index) => LeapIndex < 0 || index < LeapIndex ? index + 1 : index;

        public int IndexOf(int month, bool leap)
        {
            if (month is < 1 or > 12)
            {
                return -1;
            }
            if (leap)
            {
                return LeapIndex >= 0 && NumberAt(LeapIndex) == month ? LeapIndex : -1;
            }
            return LeapIndex < 0 || month - 1 < LeapIndex ? month - 1 : month;
        }

        public LunarDate DateOf(int dayNumber)
        {
            var index = Count - 1;
            while (Starts[index] > dayNumber)
            {
                index--;
            }
            return new LunarDate(Year, NumberAt(index), dayNumber - Starts[index] + 1, index == LeapIndex);
        }

        /// <summary>
        /// Lunar year Y runs from Tết Y to Tết Y+1. Its months 1-10 belong to the sui (the months from
        /// one month 11 to the next) that ends in December of Y, and its months 11 and 12 to the sui
        /// that ends in December of Y+1, which is where a leap 11 or 12 comes from.
        /// </summary>
        public static LunarYear Compute(int year, double offset)
        {
            var current = Sui.Compute(year, offset);
            var next = Sui.Compute(year + 1, offset);
            var first = current.TetLunation;
            var last = next.TetLunation;

            // Lunation numbers are negative before 2000, so "no leap month" is null, not -1.
            int? leapLunation = null;
            if (current.LeapIndex >= 3)
            {
                leapLunation = current.Month11Lunation + current.LeapIndex;
            }
            else if (next.LeapIndex is 1 or 2)
            {
                leapLunation = next.Month11Lunation + next.LeapIndex;
            }

            var starts = new int[last - first + 1];
            for (var i = 0; i < starts.Length; i++)
            {
                starts[i] = NewMoonDay(first + i, offset);
            }
            return new LunarYear(year, starts, leapLunation is { } leap ? leap - first : -1);
        }
    }

    /// <summary>
    /// The months from the month 11 of Gregorian year Y-1 (inclusive) to the month 11 of year Y
    /// (exclusive), by lunation number (k = 0 is the new moon of 2000-01-06).
    /// </summary>
    private readonly record struct Sui(int Month11Lunation, int LeapIndex)
    {
        /// <summary>Month 11 is index 0, month 12 index 1, so month 1 is index 2 unless a leap 11 or 12 comes first.</summary>
        public int TetLunation => Month11Lunation + (LeapIndex is 1 or 2 ? 3 : 2);

        public static Sui Compute(int year, double offset)
        {
            var from = Month11(year - 1, offset);
            var to = Month11(year, offset);
            var leap = -1;
            if (to - from == 13)
            {
                // 13 months but only 12 principal terms: the first month after month 11 without one is the leap month.
                for (var i = 1; i <= 12 && leap < 0; i++)
                {
                    if (Sector(from + i, offset) == Sector(from + i + 1, offset))
                    {
                        leap = i;
                    }
                }
                if (leap < 0)
                {
                    throw new InvalidOperationException($"No month without a principal term in the 13 months before the winter solstice of {year}.");
                }
            }
            return new Sui(from, leap);
        }
    }

    /// <summary>The lunation of month 11 of a Gregorian year: the one whose month contains the winter solstice (270°).</summary>
    private static int Month11(int gregorianYear, double offset)
    {
        var december31 = new DateOnly(gregorianYear, 12, 31).DayNumber;
        var k = (int)Math.Floor((december31 + LunarAstronomy.DayNumberToJulianDay - LunarAstronomy.FirstNewMoonJde)
            / LunarAstronomy.SynodicMonth);
        while (NewMoonDay(k + 1, offset) <= december31)
        {
            k++;
        }
        while (NewMoonDay(k, offset) > december31)
        {
            k--;
        }
        // k is the last month begun by 31 December; if the solstice came before its first midnight, month 11 is the one before.
        return SolarLongitudeAtStartOf(NewMoonDay(k, offset), offset) >= 270 ? k - 1 : k;
    }

    /// <summary>The local day (as a <see cref="DateOnly.DayNumber"/>) of the new moon of lunation k.</summary>
    private static int NewMoonDay(int k, double offset) =>
        (int)Math.Floor(LunarAstronomy.NewMoonUniversal(k) + offset / 24 - LunarAstronomy.DayNumberToJulianDay);

    /// <summary>Which 30° sector the sun is in at the local midnight that begins the month of lunation k.</summary>
    private static int Sector(int k, double offset) =>
        (int)(SolarLongitudeAtStartOf(NewMoonDay(k, offset), offset) / 30);

    private static double SolarLongitudeAtStartOf(int dayNumber, double offset) =>
        LunarAstronomy.SolarLongitudeUniversal(dayNumber + LunarAstronomy.DayNumberToJulianDay - offset / 24);
}
