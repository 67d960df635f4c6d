using System.Globalization;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Eta;

namespace Haumai.Tests.Features.Eta;

/// <summary>
/// T6's formula against cases worked out by hand (the arithmetic is in each case).
/// eta = start + ceil(queued ahead / max(1, agents)) + own effort, in business minutes.
/// Times are Vietnam's (+07:00). March 2026: Monday 2, Friday 6, Monday 9; 30/4 and 1/5/2026 are a Thursday and a Friday.
/// </summary>
public sealed class EtaFormulaTests
{
    /// <summary>Office hours (Mon-Fri 08:30-18:00) with only the holidays a case names, so each case is worked out from what it shows.</summary>
    private static BusinessCalendar Office(params string[] holidays) =>
        BusinessCalendar.OfficeHours(holidays.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static DateTime Vn(string local) =>
        new DateTimeOffset(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(7)).UtcDateTime;

    [Theory]
    // 300 min ahead shared by 2 agents = 150, + 60 own = 210 min: 09:00 + 3 h 30 = 12:30.
    [InlineData("2026-03-02 09:00", 300, 2, 60, "2026-03-02 12:30")]
    // An empty team counts as one agent: 90 + 30 = 120 min: 11:00.
    [InlineData("2026-03-02 09:00", 90, 0, 30, "2026-03-02 11:00")]
    // 100 / 3 = 33.3, rounded up to 34, + 30 = 64 min: 10:04.
    [InlineData("2026-03-02 09:00", 100, 3, 30, "2026-03-02 10:04")]
    // Nothing ahead: own 240 min from 22:00 runs through the night on 24x7: 02:00 next day.
    [InlineData("2026-03-02 22:00", 0, 4, 240, "2026-03-03 02:00")]
    public void On_24x7_the_minutes_are_plain_elapsed_time(string start, long ahead, int agents, int own, string expected) =>
        EtaFormula.Compute(Vn(start), ahead, agents, own, BusinessCalendar.TwentyFourSeven).ShouldBe(Vn(expected));

    [Theory]
    // 240 / 2 = 120, + 240 = 360 min. Friday 16:00-18:00 uses 120; Monday 08:30 + 240 = 12:30.
    [InlineData("2026-03-06 16:00", 240, 2, 240, "2026-03-09 12:30")]
    // Started before opening: the count starts at 08:30; + 60 = 09:30.
    [InlineData("2026-03-03 07:00", 0, 1, 60, "2026-03-03 09:30")]
    // 90 min from 16:30 ends exactly at closing, 18:00, not the next morning.
    [InlineData("2026-03-02 16:30", 0, 1, 90, "2026-03-02 18:00")]
    // Started on a Saturday: Monday 08:30 + 30 = 09:00.
    [InlineData("2026-03-07 10:00", 0, 1, 30, "2026-03-09 09:00")]
    public void On_office_hours_only_open_minutes_count(string start, long ahead, int agents, int own, string expected) =>
        EtaFormula.Compute(Vn(start), ahead, agents, own, Office()).ShouldBe(Vn(expected));

    [Fact]
    public void Holidays_are_skipped()
    {
        // 60 ahead (1 agent) + 60 own = 120 min from Wednesday 29/4 17:00: 60 that evening, then
        // 30/4 and 1/5 are holidays and 2-3/5 the weekend: Monday 4/5 08:30 + 60 = 09:30.
        EtaFormula.Compute(Vn("2026-04-29 17:00"), 60, 1, 60, Office("2026-04-30", "2026-05-01"))
            .ShouldBe(Vn("2026-05-04 09:30"));
    }

    [Theory]
    [InlineData(0, 1, 0, 0)]
    [InlineData(1, 2, 0, 1)]
    [InlineData(10, 5, 7, 9)]
    [InlineData(10, -3, 0, 10)]
    public void The_share_of_the_queue_is_rounded_up(long ahead, int agents, int own, long expected) =>
        EtaFormula.BusinessMinutes(ahead, agents, own).ShouldBe(expected);

    [Fact]
    public void Negative_efforts_are_refused()
    {
        var start = Vn("2026-03-02 09:00");
        Should.Throw<ArgumentOutOfRangeException>(() => EtaFormula.Compute(start, -1, 1, 60, BusinessCalendar.TwentyFourSeven));
        Should.Throw<ArgumentOutOfRangeException>(() => EtaFormula.Compute(start, 0, 1, -60, BusinessCalendar.TwentyFourSeven));
    }
}
