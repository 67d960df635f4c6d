using System.Globalization;
using Haumai.Web.Features.Calendars;

namespace Haumai.Tests.Features.Calendars;

/// <summary>The Vietnamese lunar calendar of S1, against published dates and against itself.</summary>
public sealed class VietnameseLunarCalendarTests
{
    /// <summary>
    /// Tết (mùng 1 tháng Giêng) 2024-2045. 2024-2026 are the dates of the government's Tết decisions
    /// (e.g. Thanh Niên 2026-01-08: Tết Bính Ngọ on 17/2/2026, Tết Đinh Mùi on 6/2/2027). All of them
    /// agree with Hồ Ngọc Đức's published table (amlich.js, UTC+7), which this calendar matches month
    /// by month from 1968 to 2199 but for the one month of 2054 whose new moon is 22 s after midnight.
    /// 2030 is 2 February, not the 3 February sometimes quoted: that is the Chinese date (see below).
    /// </summary>
    [Theory]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    [InlineData(2030, "2030-02-02")]
    [InlineData(2031, "2031-01-23")]
    [InlineData(2032, "2032-02-11")]
    [InlineData(2033, "2033-01-31")]
    [InlineData(2034, "2034-02-19")]
    [InlineData(2035, "2035-02-08")]
    [InlineData(2036, "2036-01-28")]
    [InlineData(2037, "2037-02-15")]
    [InlineData(2038, "2038-02-04")]
    [InlineData(2039, "2039-01-24")]
    [InlineData(2040, "2040-02-12")]
    [InlineData(2041, "2041-02-01")]
    [InlineData(2042, "2042-01-22")]
    [InlineData(2043, "2043-02-10")]
    [InlineData(2044, "2044-01-30")]
    [InlineData(2045, "2045-02-17")]
    public void Tet_falls_on_the_official_date(int year, string tet)
    {
        var date = DateOnly.Parse(tet, CultureInfo.InvariantCulture);

        VietnameseLunarCalendar.NewYear(year).ShouldBe(date);
        VietnameseLunarCalendar.FromSolar(date).ShouldBe(new LunarDate(year, 1, 1, false));
        VietnameseLunarCalendar.FromSolar(date.AddDays(-1)).Year.ShouldBe(year - 1);
        VietnameseLunarCalendar.ToSolar(year, 1, 1).ShouldBe(date);
    }

    /// <summary>
    /// Giỗ Tổ Hùng Vương, 10/3 lunar. 2024 (Thursday 18/4), 2025 (Monday 7/4) and 2026 (Sunday 26/4,
    /// compensated on Monday 27/4, Thanh Niên 2026-02-23) are the days actually given off; the later
    /// ones follow from the same month table as Tết above.
    /// </summary>
    [Theory]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    [InlineData(2027, "2027-04-16")]
    [InlineData(2028, "2028-04-04")]
    [InlineData(2029, "2029-04-23")]
    [InlineData(2030, "2030-04-12")]
    [InlineData(2031, "2031-04-01")]
    [InlineData(2032, "2032-04-19")]
    [InlineData(2033, "2033-04-09")]
    [InlineData(2034, "2034-04-28")]
    [InlineData(2035, "2035-04-17")]
    public void Hung_Kings_day_is_the_tenth_of_the_third_month(int year, string expected)
    {
        var date = DateOnly.Parse(expected, CultureInfo.InvariantCulture);

        VietnameseLunarCalendar.ToSolar(year, 3, 10).ShouldBe(date);
        VietnameseLunarCalendar.FromSolar(date).ShouldBe(new LunarDate(year, 3, 10, false));
    }

    /// <summary>
    /// Where Vietnam (UTC+7) and China (UTC+8) differ. 2007, 2030, 2053: the new moon falls between
    /// 23:00 and midnight in Hà Nội, so Tết is a day earlier (2030: 16:07 UT on 2 February). 1985: the
    /// winter solstice of 1984 came 37 minutes before midnight in Hà Nội but after it in Beijing, so the
    /// months were numbered differently and Tết was a whole month earlier. The Vietnamese dates are
    /// the ones published at the time (2007: Viet-jo 2006-07-06 quoting the government; 1985, 2030,
    /// 2053: Hồ Ngọc Đức, "Rules of the Vietnamese calendar"; scienceinfo.net on 2030 and 2053).
    /// </summary>
    [Theory]
    [InlineData(1985, "1985-01-21", "1985-02-20")]
    [InlineData(2007, "2007-02-17", "2007-02-18")]
    [InlineData(2030, "2030-02-02", "2030-02-03")]
    [InlineData(2053, "2053-02-18", "2053-02-19")]
    public void Tet_differs_from_the_Chinese_new_year_in_some_years(int year, string vietnam, string china)
    {
        var chinese = DateOnly.FromDateTime(new ChineseLunisolarCalendar().ToDateTime(year, 1, 1, 0, 0, 0, 0));

        VietnameseLunarCalendar.NewYear(year).ShouldBe(DateOnly.Parse(vietnam, CultureInfo.InvariantCulture));
        chinese.ShouldBe(DateOnly.Parse(china, CultureInfo.InvariantCulture));
        VietnameseLunarCalendar.NewYear(year, utcOffsetHours: 8).ShouldBe(chinese);
    }

    [Fact]
    public void In_1985_Vietnam_had_its_twelfth_month_while_China_was_still_in_the_eleventh()
    {
        VietnameseLunarCalendar.FromSolar(new DateOnly(1985, 1, 1)).ShouldBe(new LunarDate(1984, 12, 11, false));
        VietnameseLunarCalendar.FromSolar(new DateOnly(1985, 1, 1), utcOffsetHours: 8).ShouldBe(new LunarDate(1984, 11, 11, false));
        VietnameseLunarCalendar.FromSolar(new DateOnly(1985, 1, 21)).ShouldBe(new LunarDate(1985, 1, 1, false));
        VietnameseLunarCalendar.FromSolar(new DateOnly(1985, 1, 21), utcOffsetHours: 8).ShouldBe(new LunarDate(1984, 12, 1, false));
    }

    /// <summary>
    /// The same astronomy at UTC+8 must give the Chinese calendar, which .NET ships as a table taken
    /// from official data: every day from Tết 1929 (China used Beijing local time, UTC+7:46, before)
    /// to the end of the table must agree, except the one month whose new moon falls 3 s before
    /// midnight in Beijing (2057-09-28 23:59:57 by these formulas), which no calendar maker can call
    /// with certainty 30 years ahead.
    /// </summary>
    [Fact]
    public void At_UTC_plus_8_it_reproduces_the_Chinese_calendar_day_by_day()
    {
        var chinese = new ChineseLunisolarCalendar();
        var mismatches = new List<DateOnly>();
        for (var day = new DateOnly(1929, 2, 10); day < new DateOnly(2101, 1, 28); day = day.AddDays(1))
        {
            var time = day.ToDateTime(TimeOnly.MinValue);
            var year = chinese.GetYear(time);
            var month = chinese.GetMonth(time);
            var leapIndex = chinese.GetLeapMonth(year);
            var expected = new LunarDate(year, leapIndex > 0 && month >= leapIndex ? month - 1 : month,
                chinese.GetDayOfMonth(time), leapIndex > 0 && month == leapIndex);

            if (VietnameseLunarCalendar.FromSolar(day, utcOffsetHours: 8) != expected)
            {
                mismatches.Add(day);
            }
        }

        mismatches.Count.ShouldBe(30);
        mismatches[0].ShouldBe(new DateOnly(2057, 9, 28));
        mismatches[^1].ShouldBe(new DateOnly(2057, 10, 27));
    }

    [Theory]
    [InlineData(2020, 4)]
    [InlineData(2023, 2)]
    [InlineData(2025, 6)]
    [InlineData(2028, 5)]
    [InlineData(2031, 3)]
    [InlineData(2033, 11)]
    [InlineData(2036, 6)]
    [InlineData(2039, 5)]
    [InlineData(2042, 2)]
    [InlineData(2044, 7)]
    public void Leap_years_repeat_one_month(int year, int leapMonth)
    {
        var months = VietnameseLunarCalendar.MonthsOf(year);

        VietnameseLunarCalendar.LeapMonth(year).ShouldBe(leapMonth);
        months.Count.ShouldBe(13);
        months.Select(m => m.Month).ShouldBe(Enumerable.Range(1, 12).SelectMany(m => m == leapMonth ? new[] { m, m } : [m]));
        months.Single(m => m.IsLeapMonth).Month.ShouldBe(leapMonth);
        var leapStart = VietnameseLunarCalendar.ToSolar(year, leapMonth, 1, leapMonth: true);
        VietnameseLunarCalendar.FromSolar(leapStart).ShouldBe(new LunarDate(year, leapMonth, 1, true));
        VietnameseLunarCalendar.FromSolar(leapStart.AddDays(-1)).ShouldBe(
            new LunarDate(year, leapMonth, VietnameseLunarCalendar.DaysInMonth(year, leapMonth), false));
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2029)]
    [InlineData(2030)]
    [InlineData(2032)]
    public void Common_years_have_twelve_months(int year)
    {
        VietnameseLunarCalendar.LeapMonth(year).ShouldBeNull();
        VietnameseLunarCalendar.MonthsOf(year).Select(m => m.Month).ShouldBe(Enumerable.Range(1, 12));
        VietnameseLunarCalendar.TryToSolar(year, 6, 1, leapMonth: true, out _).ShouldBeFalse();
    }

    /// <summary>
    /// Thanh Niên 2025-10-14: in Ất Tỵ the first 6th month ran 25/6-24/7/2025 (30 days) and the leap
    /// 6th month 25/7-22/8 (29 days); the year had 384 days (29/1/2025-16/2/2026) and Bính Ngọ has 354.
    /// </summary>
    [Fact]
    public void The_year_At_Ty_2025_is_as_published()
    {
        var months = VietnameseLunarCalendar.MonthsOf(2025);

        months[5].ShouldBe(new LunarMonth(6, false, new DateOnly(2025, 6, 25), 30));
        months[6].ShouldBe(new LunarMonth(6, true, new DateOnly(2025, 7, 25), 29));
        months.Sum(m => m.Days).ShouldBe(384);
        VietnameseLunarCalendar.MonthsOf(2026).Sum(m => m.Days).ShouldBe(354);
        VietnameseLunarCalendar.FromSolar(new DateOnly(2026, 2, 16)).ShouldBe(new LunarDate(2025, 12, 29, false));
    }

    /// <summary>
    /// Phạm Vũ Lộc (Vietnam Space Center, VAST), in Công Luận 2024-01-21: after the 30th of Chạp before
    /// Tết 2024, the eve of Tết falls on the 29th every year until the 30th returns before Tết 2033.
    /// </summary>
    [Fact]
    public void The_eve_of_Tet_is_the_29th_from_2025_to_2032()
    {
        int Eve(int year) => VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.NewYear(year).AddDays(-1)).Day;

        Eve(2024).ShouldBe(30);
        Enumerable.Range(2025, 8).Select(Eve).ShouldAllBe(day => day == 29);
        Eve(2033).ShouldBe(30);
    }

    /// <summary>
    /// Every day from 1900 to 2100 converts and converts back, and the lunar dates run on without a
    /// gap: the next day is the next day of the month, or day 1 after a 29th or a 30th.
    /// </summary>
    [Fact]
    public void Every_day_from_1900_to_2100_round_trips_and_follows_the_day_before()
    {
        var previous = VietnameseLunarCalendar.FromSolar(new DateOnly(1899, 12, 31));
        for (var day = new DateOnly(1900, 1, 1); day <= new DateOnly(2100, 12, 31); day = day.AddDays(1))
        {
            var lunar = VietnameseLunarCalendar.FromSolar(day);

            var back = VietnameseLunarCalendar.ToSolar(lunar.Year, lunar.Month, lunar.Day, lunar.IsLeapMonth);
            if (back != day)
            {
                Assert.Fail($"{day:yyyy-MM-dd} -> {lunar} -> {back:yyyy-MM-dd}");
            }
            var continues = lunar.Day == previous.Day + 1 && lunar.Month == previous.Month
                && lunar.IsLeapMonth == previous.IsLeapMonth && lunar.Year == previous.Year;
            var newMonth = lunar.Day == 1 && previous.Day is 29 or 30;
            if (!continues && !newMonth)
            {
                Assert.Fail($"{previous} is followed by {lunar} on {day:yyyy-MM-dd}");
            }
            previous = lunar;
        }
    }

    [Fact]
    public void Months_follow_each_other_without_gaps_and_last_29_or_30_days()
    {
        for (var year = VietnameseLunarCalendar.MinYear; year <= VietnameseLunarCalendar.MaxYear; year++)
        {
            var months = VietnameseLunarCalendar.MonthsOf(year);
            months.Count.ShouldBeInRange(12, 13);
            months[0].FirstDay.ShouldBe(VietnameseLunarCalendar.NewYear(year));
            months[^1].FirstDay.AddDays(months[^1].Days).ShouldBe(
                year < VietnameseLunarCalendar.MaxYear
                    ? VietnameseLunarCalendar.NewYear(year + 1)
                    : VietnameseLunarCalendar.MaxSupportedDate.AddDays(1));
            for (var i = 0; i < months.Count; i++)
            {
                months[i].Days.ShouldBeInRange(29, 30);
                if (i > 0)
                {
                    months[i].FirstDay.ShouldBe(months[i - 1].FirstDay.AddDays(months[i - 1].Days));
                }
            }
            // Tết is the second new moon after the winter solstice: never before 21 January nor after 20 February.
            months[0].FirstDay.ShouldBeInRange(new DateOnly(year, 1, 21), new DateOnly(year, 2, 20));
        }
    }

    [Fact]
    public void Dates_that_do_not_exist_are_refused()
    {
        // 2025: month 12 of Ất Tỵ has 29 days, and the leap month is the 6th.
        VietnameseLunarCalendar.DaysInMonth(2025, 12).ShouldBe(29);
        VietnameseLunarCalendar.TryToSolar(2025, 12, 30, false, out _).ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(2025, 12, 30));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(2025, 5, 1, leapMonth: true));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.DaysInMonth(2025, 5, leapMonth: true));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(2025, 13, 1));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(2025, 1, 0));
        VietnameseLunarCalendar.TryToSolar(2025, 6, 29, true, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(2025, 8, 22));
    }

    [Fact]
    public void Years_and_offsets_outside_the_supported_range_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.NewYear(VietnameseLunarCalendar.MinYear - 1));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.NewYear(VietnameseLunarCalendar.MaxYear + 1));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.MinSupportedDate.AddDays(-1)));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.MaxSupportedDate.AddDays(1)));
        VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.MinSupportedDate).ShouldBe(new LunarDate(VietnameseLunarCalendar.MinYear, 1, 1, false));
        VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.MaxSupportedDate).Year.ShouldBe(VietnameseLunarCalendar.MaxYear);
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.NewYear(2025, utcOffsetHours: 7.1));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.NewYear(2025, utcOffsetHours: 15));
    }

    [Fact]
    public void Concurrent_callers_get_the_same_answers()
    {
        // A time zone no other test uses, so that the threads racing here are the ones filling the cache.
        const double Nepal = 5.75;
        var days = Enumerable.Range(0, 2500).Select(i => new DateOnly(1950, 1, 1).AddDays(i * 23)).ToArray();
        var parallel = new LunarDate[days.Length];

        Parallel.For(0, days.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => parallel[i] = VietnameseLunarCalendar.FromSolar(days[i], Nepal));

        for (var i = 0; i < days.Length; i++)
        {
            var lunar = parallel[i];
            VietnameseLunarCalendar.FromSolar(days[i], Nepal).ShouldBe(lunar);
            VietnameseLunarCalendar.ToSolar(lunar.Year, lunar.Month, lunar.Day, lunar.IsLeapMonth, Nepal).ShouldBe(days[i]);
        }
    }

    /// <summary>The astronomy against the worked examples of Meeus, "Astronomical Algorithms", 2nd ed.</summary>
    [Fact]
    public void The_astronomy_reproduces_the_worked_examples_of_Meeus()
    {
        // Example 49.a: the new moon of February 1977, k = -283, JDE 2443192.65118.
        LunarAstronomy.NewMoonJde(-283).ShouldBe(2443192.65118, 0.00001);
        // Example 25.b: apparent longitude of the sun on 1992-10-13.0 TD is 199°54'21.818"; the
        // four-term nutation here is good to 0.5", well under the 15" the sun moves in six minutes.
        LunarAstronomy.ApparentSolarLongitude(2448908.5).ShouldBe(199 + 54 / 60.0 + 21.818 / 3600, 0.5 / 3600);
        // ΔT in 2000 (observed 63.8 s) and the new moon of 2030-02-02 16:07 UT that sets Tết 2030 apart.
        LunarAstronomy.DeltaTSeconds(2451544.5).ShouldBe(63.86, 0.1);
        var newMoon = LunarAstronomy.NewMoonUniversal(372) - LunarAstronomy.DayNumberToJulianDay;
        DateOnly.FromDayNumber((int)Math.Floor(newMoon)).ShouldBe(new DateOnly(2030, 2, 2));
        ((newMoon - Math.Floor(newMoon)) * 24).ShouldBe(16.12, 0.05);
    }
}
