using System.Globalization;
using Haumai.Web.Features.Calendars;

namespace Haumai.Tests.Features.Calendars;

/// <summary>The holiday change log folded into a year's adjustments: a later change of a key supersedes.</summary>
public sealed class CalendarHolidayLogTests
{
    private static readonly DateTime At = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    private static HolidayChange Change(HolidayChangeAction action, string key, string? date = null, string? newDate = null,
        string[]? dates = null, string? name = null) =>
        new(2026, action, key, date is null ? null : Day(date), newDate is null ? null : Day(newDate),
            dates?.Select(Day).ToList(), name, name, name is null ? null : HolidayKind.Fixed, null, 1, At);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, DateOnly> Holidays(params HolidayChange[] log) =>
        HolidayLog.HolidaysOf(2026, log).ToDictionary(h => h.Key, h => h.Date);

    [Fact]
    public void An_empty_log_adjusts_nothing()
    {
        HolidayLog.Fold(2026, []).ShouldBeNull();
        Holidays().Keys.ShouldBe(VietnameseHolidays.For(2026).Select(h => h.Key), ignoreOrder: true);
    }

    [Fact]
    public void A_later_change_of_a_key_supersedes_the_earlier_one()
    {
        var holidays = Holidays(
            Change(HolidayChangeAction.Move, "victory-day", newDate: "2026-04-29"),
            Change(HolidayChangeAction.Remove, "victory-day"));
        holidays.ShouldNotContainKey("victory-day");

        holidays = Holidays(
            Change(HolidayChangeAction.Remove, "victory-day"),
            Change(HolidayChangeAction.Move, "victory-day", newDate: "2026-04-29"));
        holidays["victory-day"].ShouldBe(new DateOnly(2026, 4, 29));

        holidays = Holidays(
            Change(HolidayChangeAction.Move, "victory-day", newDate: "2026-04-29"),
            Change(HolidayChangeAction.Restore, "victory-day"));
        holidays["victory-day"].ShouldBe(new DateOnly(2026, 4, 30));
    }

    [Fact]
    public void An_added_day_can_be_moved_and_withdrawn()
    {
        var add = Change(HolidayChangeAction.Add, "founding-day", date: "2026-06-05", name: "Ngày thành lập");

        Holidays(add)["founding-day"].ShouldBe(new DateOnly(2026, 6, 5));
        Holidays(add, Change(HolidayChangeAction.Move, "founding-day", newDate: "2026-06-12"))["founding-day"].ShouldBe(new DateOnly(2026, 6, 12));
        Holidays(add, Change(HolidayChangeAction.Remove, "founding-day")).ShouldNotContainKey("founding-day");
        // Nothing is left to remove afterwards, so the fold has no adjustments at all.
        HolidayLog.Fold(2026, [add, Change(HolidayChangeAction.Remove, "founding-day")]).ShouldBeNull();
    }

    /// <summary>Saturday 6/6/2026 off earns Monday 8/6 (Điều 111 khoản 3), which can itself be moved.</summary>
    [Fact]
    public void An_added_day_on_a_weekend_earns_a_compensatory_day_that_can_be_moved()
    {
        var add = Change(HolidayChangeAction.Add, "founding-day", date: "2026-06-06", name: "Ngày thành lập");

        Holidays(add)["founding-day-compensatory"].ShouldBe(new DateOnly(2026, 6, 8));
        Holidays(add, Change(HolidayChangeAction.Move, "founding-day-compensatory", newDate: "2026-06-05"))["founding-day-compensatory"]
            .ShouldBe(new DateOnly(2026, 6, 5));
    }

    [Fact]
    public void The_last_decision_on_Tet_and_on_the_day_next_to_2_9_counts_and_a_move_of_that_day_supersedes_it()
    {
        string[] first = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19"];
        string[] second = ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19"];

        var adjustments = HolidayLog.Fold(2026,
        [
            Change(HolidayChangeAction.TetDays, HolidayChange.TetDaysKey, dates: first),
            Change(HolidayChangeAction.TetDays, HolidayChange.TetDaysKey, dates: second),
            Change(HolidayChangeAction.NationalDayAdjacent, VietnameseHolidays.NationalDayAdjacentKey, date: "2026-09-03"),
        ])!;
        adjustments.TetDays.ShouldBe(second.Select(Day));
        adjustments.NationalDayAdjacentDay.ShouldBe(new DateOnly(2026, 9, 3));

        var moved = Holidays(
            Change(HolidayChangeAction.NationalDayAdjacent, VietnameseHolidays.NationalDayAdjacentKey, date: "2026-09-03"),
            Change(HolidayChangeAction.Move, VietnameseHolidays.NationalDayAdjacentKey, newDate: "2026-09-04"));
        moved[VietnameseHolidays.NationalDayAdjacentKey].ShouldBe(new DateOnly(2026, 9, 4));
    }

    [Fact]
    public void A_log_that_does_not_fit_the_year_is_refused()
    {
        Should.Throw<ArgumentException>(() => Holidays(Change(HolidayChangeAction.Remove, "no-such-holiday")));
        Should.Throw<ArgumentException>(() => HolidayLog.Fold(2027, [Change(HolidayChangeAction.Remove, "new-year")]));
    }
}
