using System.Globalization;
using Haumai.Web.Features.Calendars;

namespace Haumai.Tests.Features.Calendars;

/// <summary>The public holidays of S1: Labor Code 2019, Điều 111-112, on the Vietnamese lunar calendar.</summary>
public sealed class VietnameseHolidaysTests
{
    private static readonly VietnameseHolidayOptions SundayOnly = new() { WeeklyRestDays = new HashSet<DayOfWeek> { DayOfWeek.Sunday } };

    /// <summary>
    /// 2026 as announced: Tết from Monday 16/2 (29 Chạp) to Friday 20/2 (mùng 4), between two weekends
    /// (Thanh Niên 2026-01-08); Hùng Kings' day on Sunday 26/4, compensated on Monday 27/4 (Thanh Niên
    /// 2026-02-23). 2/9 is a Wednesday: neither neighbour joins a weekend, so the default takes 1/9.
    /// </summary>
    [Fact]
    public void The_2026_list()
    {
        Rows(VietnameseHolidays.For(2026)).ShouldBe(
        [
            "2026-01-01 new-year Fixed",
            "2026-02-16 tet-1 Lunar",
            "2026-02-17 tet-2 Lunar",
            "2026-02-18 tet-3 Lunar",
            "2026-02-19 tet-4 Lunar",
            "2026-02-20 tet-5 Lunar",
            "2026-04-26 hung-kings Lunar",
            "2026-04-27 hung-kings-compensatory Compensatory",
            "2026-04-30 victory-day Fixed",
            "2026-05-01 labor-day Fixed",
            "2026-09-01 national-day-adjacent Adjacent",
            "2026-09-02 national-day Fixed",
        ]);
    }

    /// <summary>
    /// 2027: Tết (Saturday 6/2) spans a weekend. The Saturday and the Sunday are Tết days on rest days,
    /// so the two next working days after the Tết block, Wednesday 10 and Thursday 11, are compensatory.
    /// 1/5 is a Saturday: Monday 3/5 off. 2/9 is a Thursday: Friday 3/9 joins it to the weekend.
    /// </summary>
    [Fact]
    public void The_2027_list_with_Tet_across_a_weekend()
    {
        Rows(VietnameseHolidays.For(2027)).ShouldBe(
        [
            "2027-01-01 new-year Fixed",
            "2027-02-05 tet-1 Lunar",
            "2027-02-06 tet-2 Lunar",
            "2027-02-07 tet-3 Lunar",
            "2027-02-08 tet-4 Lunar",
            "2027-02-09 tet-5 Lunar",
            "2027-02-10 tet-2-compensatory Compensatory",
            "2027-02-11 tet-3-compensatory Compensatory",
            "2027-04-16 hung-kings Lunar",
            "2027-04-30 victory-day Fixed",
            "2027-05-01 labor-day Fixed",
            "2027-05-03 labor-day-compensatory Compensatory",
            "2027-09-02 national-day Fixed",
            "2027-09-03 national-day-adjacent Adjacent",
        ]);
    }

    /// <summary>Where only Sunday is a rest day (many factories), Saturday holidays earn nothing and Sunday ones the next working day.</summary>
    [Fact]
    public void The_2027_list_for_a_six_day_week()
    {
        Rows(VietnameseHolidays.For(2027, options: SundayOnly)).ShouldBe(
        [
            "2027-01-01 new-year Fixed",
            "2027-02-05 tet-1 Lunar",
            "2027-02-06 tet-2 Lunar",
            "2027-02-07 tet-3 Lunar",
            "2027-02-08 tet-4 Lunar",
            "2027-02-09 tet-5 Lunar",
            "2027-02-10 tet-3-compensatory Compensatory",
            "2027-04-16 hung-kings Lunar",
            "2027-04-30 victory-day Fixed",
            "2027-05-01 labor-day Fixed",
            // Thursday 2/9 with Saturday a working day: no neighbour joins Sunday, so the day before.
            "2027-09-01 national-day-adjacent Adjacent",
            "2027-09-02 national-day Fixed",
        ]);
    }

    [Fact]
    public void Tet_on_a_Sunday_with_its_eve_on_Saturday_2034()
    {
        var tet = VietnameseHolidays.For(2034).Where(h => h.Key.StartsWith("tet-", StringComparison.Ordinal)).ToList();

        Rows(tet).ShouldBe(
        [
            "2034-02-18 tet-1 Lunar",
            "2034-02-19 tet-2 Lunar",
            "2034-02-20 tet-3 Lunar",
            "2034-02-21 tet-4 Lunar",
            "2034-02-22 tet-5 Lunar",
            "2034-02-23 tet-1-compensatory Compensatory",
            "2034-02-24 tet-2-compensatory Compensatory",
        ]);
        tet[0].NameVi.ShouldBe("Tết Âm lịch (30 tháng Chạp)");
        tet[1].NameVi.ShouldBe("Tết Âm lịch (mùng 1 tháng Giêng)");
        tet[1].NameEn.ShouldBe("Lunar New Year (lunar 1/1)");
        tet[5].NameVi.ShouldBe("Nghỉ bù Tết Âm lịch (30 tháng Chạp)");
    }

    /// <summary>
    /// The default day next to 2/9 for each weekday it can fall on. 2024 (Monday) is the decided one:
    /// "2/9 and the day after it" (Kinh tế & Đô thị, on the Ministry's 2024 proposal).
    /// </summary>
    [Theory]
    [InlineData(2021, "2021-09-03", null)] // Thursday: Friday joins the weekend.
    [InlineData(2022, "2022-09-01", null)] // Friday: Thursday; Saturday would only become a compensatory day.
    [InlineData(2023, "2023-09-01", "2023-09-04")] // Saturday: Friday, and Monday in lieu of the Saturday.
    [InlineData(2024, "2024-09-03", null)] // Monday: Tuesday.
    [InlineData(2025, "2025-09-01", null)] // Tuesday: Monday.
    [InlineData(2026, "2026-09-01", null)] // Wednesday: nothing joins, the day before.
    [InlineData(2029, "2029-09-03", "2029-09-04")] // Sunday: Monday, and Tuesday in lieu of the Sunday.
    public void The_day_next_to_National_Day_joins_the_weekend(int year, string adjacent, string? compensatory)
    {
        var holidays = VietnameseHolidays.For(year);

        holidays.Single(h => h.Key == VietnameseHolidays.NationalDayAdjacentKey).Date.ShouldBe(Date(adjacent));
        holidays.SingleOrDefault(h => h.Key == "national-day-compensatory")?.Date
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture).ShouldBe(compensatory);
    }

    /// <summary>
    /// The government's Tết decisions. 2023 (Tết on Sunday 22/1): off from 20/1 to 26/1 (pld.net.vn, on
    /// the Deputy Prime Minister's approval): Tết days from 29 Chạp to mùng 3, the two weekend days
    /// compensated on the 25th and 26th. 2024 (Tết on Saturday 10/2): two days before and three after
    /// Tết (Kinh tế & Đô thị, on the Ministry's proposal), off from 8/2 to 14/2.
    /// </summary>
    [Theory]
    [InlineData(2023, "2023-01-20", "2023-01-26", "2023-01-21", "2023-01-27")]
    [InlineData(2024, "2024-02-08", "2024-02-14", "2024-02-09", "2024-02-15")]
    public void Decided_Tet_days_replace_the_default_and_are_compensated(int year, string from, string to,
        string defaultFrom, string defaultTo)
    {
        var decided = Enumerable.Range(0, 5).Select(i => Date(from).AddDays(i)).ToList();
        var adjustments = new HolidayYearAdjustments { Year = year, TetDays = decided };

        TetBreak(VietnameseHolidays.For(year, adjustments)).ShouldBe(Days(Date(from), Date(to)));
        TetBreak(VietnameseHolidays.For(year)).ShouldBe(Days(Date(defaultFrom), Date(defaultTo)));
    }

    [Fact]
    public void A_decided_day_next_to_National_Day_replaces_the_default()
    {
        var adjustments = new HolidayYearAdjustments { Year = 2026, NationalDayAdjacentDay = new DateOnly(2026, 9, 3) };

        VietnameseHolidays.For(2026, adjustments).Single(h => h.Kind == HolidayKind.Adjacent).Date.ShouldBe(new DateOnly(2026, 9, 3));
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026,
            new HolidayYearAdjustments { Year = 2026, NationalDayAdjacentDay = new DateOnly(2026, 9, 4) }));
    }

    /// <summary>Moving or removing a holiday moves or removes its compensatory day; compensatory days can be moved themselves.</summary>
    [Fact]
    public void Moves_removals_and_additions_are_applied_before_compensation()
    {
        var moved = VietnameseHolidays.For(2026, new HolidayYearAdjustments
        {
            Year = 2026,
            Moved = [new HolidayMove(VietnameseHolidays.HungKingsKey, new DateOnly(2026, 4, 27))],
        });
        moved.Single(h => h.Key == VietnameseHolidays.HungKingsKey).Date.ShouldBe(new DateOnly(2026, 4, 27));
        moved.ShouldNotContain(h => h.Kind == HolidayKind.Compensatory);

        var removed = VietnameseHolidays.For(2026, new HolidayYearAdjustments { Year = 2026, Removed = [VietnameseHolidays.HungKingsKey] });
        removed.Count.ShouldBe(10);
        removed.ShouldNotContain(h => h.Key.StartsWith(VietnameseHolidays.HungKingsKey, StringComparison.Ordinal));

        // 2026: the government bridged New Year to the weekend (Friday 2/1; the make-up Saturday is the business calendar's).
        var bridge = new Holiday(new DateOnly(2026, 1, 2), "new-year-bridge", "Nghỉ hoán đổi Tết Dương lịch", "New Year bridge day", HolidayKind.Adjacent);
        var added = VietnameseHolidays.For(2026, new HolidayYearAdjustments { Year = 2026, Added = [bridge] });
        added[1].ShouldBe(bridge);
        added.Count.ShouldBe(13);
    }

    [Fact]
    public void A_compensatory_day_can_be_moved_or_removed_and_an_added_Sunday_is_compensated()
    {
        var adjustments = new HolidayYearAdjustments
        {
            Year = 2027,
            Moved = [new HolidayMove("tet-3-compensatory", new DateOnly(2027, 2, 4))],
            Removed = ["labor-day-compensatory"],
            Added = [new Holiday(new DateOnly(2027, 11, 21), "one-off", "Nghỉ một lần", "One-off day off", HolidayKind.Fixed)],
        };

        var holidays = VietnameseHolidays.For(2027, adjustments);

        holidays.Where(h => h.Kind == HolidayKind.Compensatory).Select(h => $"{h.Date:yyyy-MM-dd} {h.Key}").ShouldBe(
        [
            "2027-02-04 tet-3-compensatory",
            "2027-02-10 tet-2-compensatory",
            "2027-11-22 one-off-compensatory",
        ]);
    }

    [Fact]
    public void Adjustments_that_do_not_fit_the_year_are_refused()
    {
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026, new HolidayYearAdjustments { Year = 2027 }));
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026, new HolidayYearAdjustments { Year = 2026, Removed = ["no-such-day"] }))
            .Message.ShouldContain("no-such-day");
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026,
            new HolidayYearAdjustments { Year = 2026, Moved = [new HolidayMove(VietnameseHolidays.LaborDayKey, new DateOnly(2027, 5, 1))] }));
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026,
            new HolidayYearAdjustments { Year = 2026, TetDays = [new DateOnly(2026, 2, 17), new DateOnly(2026, 2, 17)] }));
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026,
            new HolidayYearAdjustments { Year = 2026, Added = [new Holiday(new DateOnly(2026, 3, 8), VietnameseHolidays.NewYearKey, "x", "x", HolidayKind.Fixed)] }));
        Should.Throw<ArgumentException>(() => VietnameseHolidays.For(2026, options: new VietnameseHolidayOptions { WeeklyRestDays = Enum.GetValues<DayOfWeek>().ToHashSet() }));
    }

    [Fact]
    public void Without_compensation_only_the_eleven_statutory_days_remain()
    {
        var holidays = VietnameseHolidays.For(2027, options: new VietnameseHolidayOptions { CompensatoryDays = false });

        holidays.Count.ShouldBe(11);
        holidays.ShouldNotContain(h => h.Kind == HolidayKind.Compensatory);
    }

    /// <summary>
    /// "The holiday list of any year from 2024 to 2045 is right without anyone typing it in": eleven
    /// statutory days (Điều 112.1), Tết from the eve to mùng 4, Hùng Kings on 10/3 lunar, and every
    /// compensatory day a working day that follows a holiday on a weekend.
    /// </summary>
    [Fact]
    public void Every_year_from_2024_to_2045_has_the_eleven_days_of_the_Labor_Code()
    {
        for (var year = 2024; year <= 2045; year++)
        {
            var holidays = VietnameseHolidays.For(year);
            var statutory = holidays.Where(h => h.Kind != HolidayKind.Compensatory).ToList();
            var tet = VietnameseLunarCalendar.NewYear(year);

            statutory.Count.ShouldBe(11);
            statutory.Select(h => h.Date).Distinct().Count().ShouldBe(11);
            holidays.Select(h => h.Key).Distinct().Count().ShouldBe(holidays.Count);
            holidays.ShouldAllBe(h => h.Date.Year == year);
            holidays.Select(h => h.Date).ShouldBeInOrder();
            statutory.Where(h => h.Key.StartsWith("tet-", StringComparison.Ordinal)).Select(h => h.Date)
                .ShouldBe(Days(tet.AddDays(-1), tet.AddDays(3)));
            VietnameseLunarCalendar.FromSolar(statutory.Single(h => h.Key == VietnameseHolidays.HungKingsKey).Date)
                .ShouldBe(new LunarDate(year, 3, 10, false));
            var weekendHolidays = statutory.Count(h => h.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            var compensatory = holidays.Where(h => h.Kind == HolidayKind.Compensatory).ToList();
            compensatory.Count.ShouldBe(weekendHolidays);
            compensatory.ShouldAllBe(h => h.Date.DayOfWeek != DayOfWeek.Saturday && h.Date.DayOfWeek != DayOfWeek.Sunday);
        }
    }

    private static List<string> Rows(IEnumerable<Holiday> holidays) =>
        holidays.Select(h => $"{h.Date:yyyy-MM-dd} {h.Key} {h.Kind}").ToList();

    /// <summary>The days off around Tết: its holidays and compensatory days, plus the weekend days inside the block.</summary>
    private static List<DateOnly> TetBreak(IReadOnlyList<Holiday> holidays)
    {
        var off = holidays.Where(h => h.Key.StartsWith("tet-", StringComparison.Ordinal)).Select(h => h.Date).ToHashSet();
        return Days(off.Min(), off.Max()).Where(d => off.Contains(d) || d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).ToList();
    }

    private static List<DateOnly> Days(DateOnly from, DateOnly to) =>
        Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();

    private static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);
}
