using System.Globalization;
using Haumai.Web.Features.Calendars;
using Def = Haumai.Web.Features.Calendars.BusinessCalendarDefinition;

namespace Haumai.Tests.Features.Calendars;

/// <summary>
/// S1 calendar arithmetic against cases worked out by hand (the arithmetic is in the comments), plus
/// property checks against a minute-by-minute reference. Times without an offset are Vietnam's (+07:00).
/// March 2026: Monday 2, Friday 6, Saturday 7, Monday 9.
/// </summary>
public sealed class BusinessCalendarTests
{
    /// <summary>Mon-Fri 08:00-12:00 and 13:30-17:30 (8 h = 480 min a day), Asia/Ho_Chi_Minh.</summary>
    private static BusinessCalendar Lunch(
        IReadOnlyCollection<DateOnly>? holidays = null,
        IReadOnlyList<Def.MakeUpDay>? makeUpDays = null,
        IReadOnlyList<Def.Closure>? closures = null) => new(new Def
        {
            Weekly = Def.MondayToFriday(OpeningHours.ParseList("08:00-12:00, 13:30-17:30")),
            Holidays = holidays ?? [],
            MakeUpDays = makeUpDays ?? [],
            Closures = closures ?? [],
        });

    private static readonly BusinessCalendar Plain = Lunch();

    /// <summary>"2026-03-02 09:00" in Vietnam.</summary>
    private static DateTimeOffset Vn(string local) =>
        new(DateTime.ParseExact(local, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture), TimeSpan.FromHours(7));

    private static DateTimeOffset Iso(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Local time and offset, so that a right instant in the wrong offset fails too.</summary>
    private static string Show(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Show(DateTimeOffset? at) => at is { } value ? Show(value) : "never";

    private static DateOnly D(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-02 09:00", 60, "2026-03-02 10:00 +07:00")] // inside the morning: 09:00 + 60
    [InlineData("2026-03-02 11:00", 120, "2026-03-02 14:30 +07:00")] // 11:00-12:00 = 60, lunch, 13:30 + 60 = 14:30
    [InlineData("2026-03-02 12:00", 30, "2026-03-02 14:00 +07:00")] // 12:00 is already the break: 13:30 + 30
    [InlineData("2026-03-02 12:45", 30, "2026-03-02 14:00 +07:00")] // inside the break: 13:30 + 30
    [InlineData("2026-03-02 16:30", 60, "2026-03-02 17:30 +07:00")] // ends exactly at closing, not the next morning
    [InlineData("2026-03-02 17:00", 60, "2026-03-03 08:30 +07:00")] // 17:00-17:30 = 30, night, Tue 08:00 + 30
    [InlineData("2026-03-02 11:00", 480, "2026-03-03 11:00 +07:00")] // 60 + 240 = 300 on Mon, Tue 08:00 + 180 = 11:00
    [InlineData("2026-03-06 16:00", 240, "2026-03-09 10:30 +07:00")] // Fri 16:00-17:30 = 90, weekend, Mon 08:00 + 150
    [InlineData("2026-03-07 10:00", 60, "2026-03-09 09:00 +07:00")] // Saturday (closed): Mon 08:00 + 60
    [InlineData("2026-03-02 06:00", 60, "2026-03-02 09:00 +07:00")] // before opening: 08:00 + 60
    [InlineData("2026-03-02 20:00", 600, "2026-03-04 10:00 +07:00")] // Tue 480, Wed 08:00 + 120
    public void AddBusinessMinutes_on_a_day_with_a_lunch_break(string from, long minutes, string due)
    {
        Show(Plain.AddBusinessMinutes(Vn(from), minutes)).ShouldBe(due);
        // And back: the business minutes between the two are the ones asked for.
        Plain.BusinessMinutesBetween(Vn(from), Plain.AddBusinessMinutes(Vn(from), minutes)).ShouldBe(minutes);
    }

    [Theory]
    [InlineData("2026-03-02 09:00", "2026-03-02 09:00 +07:00")] // open: the start itself
    [InlineData("2026-03-02 12:00", "2026-03-02 13:30 +07:00")] // the break: the afternoon opening
    [InlineData("2026-03-02 17:30", "2026-03-03 08:00 +07:00")] // closing time is closed: next morning
    [InlineData("2026-03-07 10:00", "2026-03-09 08:00 +07:00")] // Saturday: Monday's opening
    public void Zero_minutes_is_the_start_when_open_else_the_next_opening(string from, string due)
    {
        Show(Plain.AddBusinessMinutes(Vn(from), 0)).ShouldBe(due);
        Show(Plain.NextOpening(Vn(from))).ShouldBe(due);
    }

    [Fact]
    public void Any_input_offset_is_accepted_and_the_result_is_in_the_calendar_offset()
    {
        // 02:00Z = 09:00 in Vietnam; + 60 = 10:00 +07:00.
        Show(Plain.AddBusinessMinutes(Iso("2026-03-02T02:00:00Z"), 60)).ShouldBe("2026-03-02 10:00 +07:00");
        // 09:00 in Paris (+01:00) = 15:00 in Vietnam; + 180 = 15:00-17:30 (150) then Tue 08:00 + 30.
        Show(Plain.AddBusinessMinutes(Iso("2026-03-02T09:00:00+01:00"), 180)).ShouldBe("2026-03-03 08:30 +07:00");
        Show(Plain.ToCalendarTime(Iso("2026-03-02T02:00:00Z"))).ShouldBe("2026-03-02 09:00 +07:00");
    }

    [Theory]
    [InlineData("2026-03-03 09:00", -60, "2026-03-03 08:00 +07:00")] // stops at the opening, not at Mon 17:30
    [InlineData("2026-03-03 08:30", -60, "2026-03-02 17:00 +07:00")] // Tue 08:00-08:30 = 30, Mon 17:00-17:30 = 30
    [InlineData("2026-03-09 10:30", -240, "2026-03-06 16:00 +07:00")] // Mon 08:00-10:30 = 150, Fri 16:00-17:30 = 90
    [InlineData("2026-03-07 10:00", -30, "2026-03-06 17:00 +07:00")] // Saturday: back from Friday's closing
    [InlineData("2026-03-02 14:00", -60, "2026-03-02 11:30 +07:00")] // 13:30-14:00 = 30, lunch, 11:30-12:00 = 30
    public void Negative_minutes_walk_backwards(string from, long minutes, string due)
    {
        Show(Plain.AddBusinessMinutes(Vn(from), minutes)).ShouldBe(due);
        Plain.BusinessMinutesBetween(Vn(from), Plain.AddBusinessMinutes(Vn(from), minutes)).ShouldBe(minutes);
    }

    [Fact]
    public void BusinessMinutesBetween_is_negative_when_to_is_earlier()
    {
        // Mon 17:00-17:30 = 30, Tue 08:00-09:00 = 60.
        Plain.BusinessMinutesBetween(Vn("2026-03-02 17:00"), Vn("2026-03-03 09:00")).ShouldBe(90);
        Plain.BusinessMinutesBetween(Vn("2026-03-03 09:00"), Vn("2026-03-02 17:00")).ShouldBe(-90);
        Plain.BusinessMinutesBetween(Vn("2026-03-07 09:00"), Vn("2026-03-08 09:00")).ShouldBe(0); // a weekend
        Plain.BusinessMinutesBetween(Vn("2026-03-02 09:00"), Vn("2026-03-02 09:00")).ShouldBe(0);
        // A whole week: 5 x 480.
        Plain.BusinessMinutesBetween(Vn("2026-03-02 00:00"), Vn("2026-03-09 00:00")).ShouldBe(2400);
    }

    [Fact]
    public void Sub_minute_business_time_is_truncated_toward_zero()
    {
        Plain.BusinessMinutesBetween(Vn("2026-03-02 09:00"), Vn("2026-03-02 09:00:59")).ShouldBe(0);
        Plain.BusinessTimeBetween(Vn("2026-03-02 09:00"), Vn("2026-03-02 09:00:59")).ShouldBe(TimeSpan.FromSeconds(59));
        Plain.BusinessMinutesBetween(Vn("2026-03-02 09:00"), Vn("2026-03-02 09:01:00.5")).ShouldBe(1);
        Plain.BusinessMinutesBetween(Vn("2026-03-02 09:01:00.5"), Vn("2026-03-02 09:00")).ShouldBe(-1);
        Plain.BusinessMinutesBetween(Vn("2026-03-02 09:00:59"), Vn("2026-03-02 09:00")).ShouldBe(0);
        // 17:29:30-17:30 = 30 s, Tue 08:00-08:00:30 = 30 s: one minute in all.
        Plain.BusinessMinutesBetween(Vn("2026-03-02 17:29:30"), Vn("2026-03-03 08:00:30")).ShouldBe(1);
        // AddBusinessTime keeps the seconds: 17:29:30 + 90 s = 30 s Mon, Tue 08:00 + 60 s.
        Show(Plain.AddBusinessTime(Vn("2026-03-02 17:29:30"), TimeSpan.FromSeconds(90))).ShouldBe("2026-03-03 08:01 +07:00");
        Plain.AddBusinessTime(Vn("2026-03-02 17:29:30"), TimeSpan.FromSeconds(90)).Second.ShouldBe(0);
    }

    [Fact]
    public void IsOpen_counts_the_opening_time_in_and_the_closing_time_out()
    {
        Plain.IsOpen(Vn("2026-03-02 07:59:59.9999999")).ShouldBeFalse();
        Plain.IsOpen(Vn("2026-03-02 08:00")).ShouldBeTrue();
        Plain.IsOpen(Vn("2026-03-02 11:59:59.9999999")).ShouldBeTrue();
        Plain.IsOpen(Vn("2026-03-02 12:00")).ShouldBeFalse();
        Plain.IsOpen(Vn("2026-03-02 13:30")).ShouldBeTrue();
        Plain.IsOpen(Vn("2026-03-02 17:30")).ShouldBeFalse();
        Plain.IsOpen(Vn("2026-03-07 10:00")).ShouldBeFalse(); // Saturday
        Plain.IsOpen(Iso("2026-03-02T01:00:00Z")).ShouldBeTrue(); // 08:00 in Vietnam
    }

    [Theory]
    [InlineData("2026-03-02 09:00", "2026-03-02 12:00 +07:00")] // the morning ends at the break
    [InlineData("2026-03-02 12:30", "2026-03-02 17:30 +07:00")] // during the break: the afternoon's end
    [InlineData("2026-03-02 17:30", "2026-03-03 12:00 +07:00")] // closed: the end of the next period
    [InlineData("2026-03-07 10:00", "2026-03-09 12:00 +07:00")] // Saturday: Monday morning's end
    public void NextClosing_is_the_end_of_the_current_or_next_open_period(string at, string closing) =>
        Show(Plain.NextClosing(Vn(at))).ShouldBe(closing);

    [Fact]
    public void Year_end_with_new_year_a_holiday()
    {
        var calendar = Lunch(holidays: [D("2026-01-01")]);
        // Wed 2025-12-31 16:00-17:30 = 90, Thu 1/1 holiday, Fri 2026-01-02 08:00 + 150 = 10:30.
        Show(calendar.AddBusinessMinutes(Vn("2025-12-31 16:00"), 240)).ShouldBe("2026-01-02 10:30 +07:00");

        var office = BusinessCalendar.OfficeHours([D("2026-01-01")]);
        // Wed 17:00-18:00 = 60, 1/1 closed, Fri 08:30 + 420 (7 h) = 15:30.
        Show(office.AddBusinessMinutes(Vn("2025-12-31 17:00"), 480)).ShouldBe("2026-01-02 15:30 +07:00");
        office.BusinessMinutesBetween(Vn("2025-12-31 00:00"), Vn("2026-01-03 00:00")).ShouldBe(2 * 570);
        office.IsOpen(Vn("2026-01-01 10:00")).ShouldBeFalse();
    }

    /// <summary>Tết 2026: the last day of the year of the Snake (Mon 16/2) and the first four of the Horse (17-20/2).</summary>
    [Fact]
    public void Tet_spanning_a_weekend()
    {
        var office = BusinessCalendar.OfficeHours([D("2026-02-16"), D("2026-02-17"), D("2026-02-18"), D("2026-02-19"), D("2026-02-20")]);
        // Fri 13/2 17:00-18:00 = 60; Sat 14 + Sun 15 weekend; Mon 16 - Fri 20 Tết; Sat 21 + Sun 22 weekend;
        // Mon 23/2 08:30 + 180 = 11:30.
        Show(office.AddBusinessMinutes(Vn("2026-02-13 17:00"), 240)).ShouldBe("2026-02-23 11:30 +07:00");
        office.BusinessMinutesBetween(Vn("2026-02-13 17:00"), Vn("2026-02-23 11:30")).ShouldBe(240);
        Show(office.NextOpening(Vn("2026-02-17 09:00"))).ShouldBe("2026-02-23 08:30 +07:00");
        // Backwards over the same nine closed days: Mon 23 08:30-09:00 = 30, Fri 13 17:30-18:00 = 30.
        Show(office.AddBusinessMinutes(Vn("2026-02-23 09:00"), -60)).ShouldBe("2026-02-13 17:30 +07:00");
    }

    [Fact]
    public void Make_up_day_opens_a_saturday_that_replaces_a_bridge_day()
    {
        // Thu 1/1 is New Year, Fri 2/1 is given off as a bridge and worked on Saturday 10/1 instead.
        var calendar = Lunch(
            holidays: [D("2026-01-01"), D("2026-01-02")],
            makeUpDays: [new Def.MakeUpDay(D("2026-01-10"), OpeningHours.ParseList("08:00-12:00, 13:30-17:30"))]);

        // Wed 31/12 16:00-17:30 = 90; Thu, Fri, Sat 3, Sun 4 closed; Mon 5/1 08:00 + 150 = 10:30.
        Show(calendar.AddBusinessMinutes(Vn("2025-12-31 16:00"), 240)).ShouldBe("2026-01-05 10:30 +07:00");
        // Fri 9/1 17:00-17:30 = 30, Sat 10/1 (make-up) 08:00 + 30 = 08:30.
        Show(calendar.AddBusinessMinutes(Vn("2026-01-09 17:00"), 60)).ShouldBe("2026-01-10 08:30 +07:00");
        // Sat 10/1 17:00-17:30 = 30, Sun 11 closed, Mon 12/1 08:00 + 30.
        Show(calendar.AddBusinessMinutes(Vn("2026-01-10 17:00"), 60)).ShouldBe("2026-01-12 08:30 +07:00");
        calendar.IsOpen(Vn("2026-01-10 12:30")).ShouldBeFalse(); // its lunch break
        calendar.IsOpen(Vn("2026-01-10 14:00")).ShouldBeTrue();
        calendar.IsOpen(Vn("2026-01-17 10:00")).ShouldBeFalse(); // an ordinary Saturday
        calendar.HoursOn(D("2026-01-10")).Select(h => h.ToString()).ShouldBe(["08:00-12:00", "13:30-17:30"]);
        calendar.HoursOn(D("2026-01-02")).ShouldBeEmpty();
        // Mon 5/1 to Mon 12/1: five working days (Mon-Fri) plus the Saturday = 6 x 480.
        calendar.BusinessMinutesBetween(Vn("2026-01-05 00:00"), Vn("2026-01-12 00:00")).ShouldBe(6 * 480);
    }

    [Fact]
    public void One_off_closures_cut_into_the_day()
    {
        var calendar = Lunch(closures:
        [
            new Def.Closure(new DateTime(2026, 5, 15, 13, 0, 0), new DateTime(2026, 5, 15, 17, 0, 0)), // Fri: company event
            new Def.Closure(new DateTime(2026, 5, 20, 15, 0, 0), new DateTime(2026, 5, 21, 10, 0, 0)), // Wed-Thu: office move
        ]);

        // 08:00-12:00 and 13:30-17:30 minus 13:00-17:00.
        calendar.HoursOn(D("2026-05-15")).Select(h => h.ToString()).ShouldBe(["08:00-12:00", "17:00-17:30"]);
        // Fri 11:00-12:00 = 60, closed until 17:00, 17:00-17:30 = 30.
        Show(calendar.AddBusinessMinutes(Vn("2026-05-15 11:00"), 90)).ShouldBe("2026-05-15 17:30 +07:00");
        // One more minute is Monday's first.
        Show(calendar.AddBusinessMinutes(Vn("2026-05-15 11:00"), 91)).ShouldBe("2026-05-18 08:01 +07:00");
        Show(calendar.NextOpening(Vn("2026-05-15 12:30"))).ShouldBe("2026-05-15 17:00 +07:00");
        // Wed 14:00-15:00 = 60, closed to Thu 10:00, 10:00-11:00 = 60.
        Show(calendar.AddBusinessMinutes(Vn("2026-05-20 14:00"), 120)).ShouldBe("2026-05-21 11:00 +07:00");
        calendar.HoursOn(D("2026-05-21")).Select(h => h.ToString()).ShouldBe(["10:00-12:00", "13:30-17:30"]);
    }

    [Fact]
    public void Opening_hours_may_end_at_midnight_and_join_the_next_day()
    {
        var calendar = new BusinessCalendar(new Def
        {
            Weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
            {
                [DayOfWeek.Monday] = [OpeningHours.Parse("20:00-24:00")],
                [DayOfWeek.Tuesday] = [OpeningHours.Parse("00:00-02:00")],
            },
        });
        // Mon 23:00-24:00 = 60, Tue 00:00 + 60 = 01:00.
        Show(calendar.AddBusinessMinutes(Vn("2026-03-02 23:00"), 120)).ShouldBe("2026-03-03 01:00 +07:00");
        // Mon 20:00-24:00 and Tue 00:00-02:00 are one open period.
        Show(calendar.NextClosing(Vn("2026-03-02 21:00"))).ShouldBe("2026-03-03 02:00 +07:00");
        calendar.IsOpen(Vn("2026-03-03 00:00")).ShouldBeTrue();
        calendar.IsOpen(Vn("2026-03-03 02:00")).ShouldBeFalse();
    }

    [Fact]
    public void Overlapping_intervals_of_a_day_are_joined()
    {
        var calendar = new BusinessCalendar(new Def
        {
            Weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
            {
                [DayOfWeek.Monday] = OpeningHours.ParseList("13:00-14:00, 08:00-12:00, 11:00-13:00"),
            },
        });
        calendar.HoursOn(D("2026-03-02")).Select(h => h.ToString()).ShouldBe(["08:00-14:00"]);
    }

    [Fact]
    public void Twenty_four_seven_is_plain_elapsed_time()
    {
        var always = BusinessCalendar.TwentyFourSeven;
        // 1500 min = 25 h.
        Show(always.AddBusinessMinutes(Vn("2026-03-02 10:00"), 1500)).ShouldBe("2026-03-03 11:00 +07:00");
        // 03:00Z = 10:00 +07:00, + 60.
        Show(always.AddBusinessMinutes(Iso("2026-03-02T03:00:00Z"), 60)).ShouldBe("2026-03-02 11:00 +07:00");
        // Across the year end.
        Show(always.AddBusinessMinutes(Vn("2025-12-31 23:30"), 60)).ShouldBe("2026-01-01 00:30 +07:00");
        Show(always.AddBusinessMinutes(Vn("2026-03-02 10:00"), -90)).ShouldBe("2026-03-02 08:30 +07:00");
        always.BusinessMinutesBetween(Vn("2026-03-02 10:00"), Vn("2026-03-05 10:00")).ShouldBe(3 * 1440);
        always.BusinessMinutesBetween(Vn("2026-03-05 10:00"), Vn("2026-03-02 10:00")).ShouldBe(-3 * 1440);
        always.IsOpen(Vn("2026-03-07 03:00")).ShouldBeTrue();
        always.NextClosing(Vn("2026-03-07 03:00")).ShouldBeNull();
        Show(always.NextOpening(Vn("2026-03-07 03:00"))).ShouldBe("2026-03-07 03:00 +07:00");
        always.TimeZone.Id.ShouldBe("Asia/Ho_Chi_Minh");
    }

    [Fact]
    public void Office_hours_preset()
    {
        var office = BusinessCalendar.OfficeHours([]);
        office.HoursOn(D("2026-03-02")).Select(h => h.ToString()).ShouldBe(["08:30-18:00"]);
        office.HoursOn(D("2026-03-07")).ShouldBeEmpty();
        // Fri 17:00-18:00 = 60, Mon 08:30 + 420 (7 h) = 15:30.
        Show(office.AddBusinessMinutes(Vn("2026-03-06 17:00"), 480)).ShouldBe("2026-03-09 15:30 +07:00");
    }

    [Fact]
    public void A_calendar_open_all_day_every_day_closes_only_for_its_exceptions()
    {
        var calendar = new BusinessCalendar(new Def { Weekly = Def.EveryDay(OpeningHours.AllDay), Holidays = [D("2026-03-05")] });
        Show(calendar.NextClosing(Vn("2026-03-02 10:00"))).ShouldBe("2026-03-05 00:00 +07:00");
        calendar.NextClosing(Vn("2026-03-06 10:00")).ShouldBeNull();
        // Wed 10:00 to Fri 10:00 is 48 h less Thursday.
        calendar.BusinessMinutesBetween(Vn("2026-03-04 10:00"), Vn("2026-03-06 10:00")).ShouldBe(24 * 60);

        var weekdays = new BusinessCalendar(new Def { Weekly = Def.MondayToFriday(OpeningHours.AllDay) });
        Show(weekdays.NextClosing(Vn("2026-03-03 10:00"))).ShouldBe("2026-03-07 00:00 +07:00");
    }

    /// <summary>Europe/Paris, 2026: summer time starts Sunday 29 March (02:00 → 03:00) and ends Sunday 25 October (03:00 → 02:00).</summary>
    [Fact]
    public void Daylight_saving_days_in_Paris()
    {
        var weekdays = new BusinessCalendar(new Def
        {
            TimeZoneId = "Europe/Paris",
            Weekly = Def.MondayToFriday(OpeningHours.Parse("09:00-18:00")),
        });
        // Fri 27/3 17:00-18:00 = 60 (+01:00), Mon 30/3 09:00 + 60 = 10:00, now in summer time (+02:00).
        Show(weekdays.AddBusinessMinutes(Iso("2026-03-27T17:00:00+01:00"), 120)).ShouldBe("2026-03-30 10:00 +02:00");
        // And the other way in October.
        Show(weekdays.AddBusinessMinutes(Iso("2026-10-23T17:00:00+02:00"), 120)).ShouldBe("2026-10-26 10:00 +01:00");
        // 09:00 in Paris is 08:00Z in winter and 07:00Z in summer.
        weekdays.IsOpen(Iso("2026-03-30T07:00:00Z")).ShouldBeTrue();
        weekdays.IsOpen(Iso("2026-03-27T07:00:00Z")).ShouldBeFalse();

        var sundays = new BusinessCalendar(new Def
        {
            TimeZoneId = "Europe/Paris",
            Weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>> { [DayOfWeek.Sunday] = [OpeningHours.AllDay] },
        });
        // The day summer time starts has 23 hours, the day it ends 25.
        sundays.BusinessMinutesBetween(Iso("2026-03-29T00:00:00+01:00"), Iso("2026-03-30T00:00:00+02:00")).ShouldBe(23 * 60);
        sundays.BusinessMinutesBetween(Iso("2026-10-25T00:00:00+02:00"), Iso("2026-10-26T00:00:00+01:00")).ShouldBe(25 * 60);
        // 00:00-02:00 = 120 in winter time, the clock jumps to 03:00, + 60 = 04:00 summer time.
        Show(sundays.AddBusinessMinutes(Iso("2026-03-29T00:00:00+01:00"), 180)).ShouldBe("2026-03-29 04:00 +02:00");
        // 00:00-03:00 summer time is 180 and ends when the clock goes back: the second 02:00, in winter time.
        Show(sundays.AddBusinessMinutes(Iso("2026-10-25T00:00:00+02:00"), 180)).ShouldBe("2026-10-25 02:00 +01:00");
        // The whole 25-hour day ends at Monday 00:00 (winter time).
        Show(sundays.AddBusinessMinutes(Iso("2026-10-25T00:00:00+02:00"), 1500)).ShouldBe("2026-10-26 00:00 +01:00");
        // The skipped hour is not a closing: the day is one open period.
        Show(sundays.NextClosing(Iso("2026-03-29T01:30:00+01:00"))).ShouldBe("2026-03-30 00:00 +02:00");

        var nights = new BusinessCalendar(new Def
        {
            TimeZoneId = "Europe/Paris",
            Weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>> { [DayOfWeek.Sunday] = [OpeningHours.Parse("01:00-04:00")] },
        });
        // 01:00-02:00 winter (60) + 03:00-04:00 summer (60): 02:00-03:00 does not exist.
        nights.BusinessMinutesBetween(Iso("2026-03-29T00:00:00+01:00"), Iso("2026-03-30T00:00:00+02:00")).ShouldBe(120);
        // 01:00 summer (23:00Z) to 04:00 winter (03:00Z) is four real hours, 02:00-03:00 lived twice.
        nights.BusinessMinutesBetween(Iso("2026-10-25T00:00:00+02:00"), Iso("2026-10-26T00:00:00+01:00")).ShouldBe(240);
        Show(nights.NextClosing(Iso("2026-03-29T01:30:00+01:00"))).ShouldBe("2026-03-29 04:00 +02:00");
        Show(nights.NextClosing(Iso("2026-10-25T01:30:00+02:00"))).ShouldBe("2026-10-25 04:00 +01:00");
        // 01:30 winter + 60 = 30 to 02:00, jump, 03:00 + 30 = 03:30 summer.
        Show(nights.AddBusinessMinutes(Iso("2026-03-29T01:30:00+01:00"), 60)).ShouldBe("2026-03-29 03:30 +02:00");
        // Backwards over the jump: 03:30 summer - 60 = 03:00-03:30 (30) and 01:30-02:00 winter (30).
        Show(nights.AddBusinessMinutes(Iso("2026-03-29T03:30:00+02:00"), -60)).ShouldBe("2026-03-29 01:30 +01:00");
        // Backwards over the repeated hour: 02:30 winter (01:30Z) - 120 = 23:30Z = 01:30 summer.
        Show(nights.AddBusinessMinutes(Iso("2026-10-25T02:30:00+01:00"), -120)).ShouldBe("2026-10-25 01:30 +02:00");
    }

    /// <summary>
    /// Against a reference that knows nothing but "is this wall-clock minute open": the minute starting at
    /// each UTC minute is converted with <see cref="TimeZoneInfo"/> and checked against the definition.
    /// Every pair in a window around each daylight-saving change and over Tết must agree.
    /// </summary>
    [Theory]
    [InlineData("Europe/Paris", "2026-03-26T00:00:00Z")]
    [InlineData("Europe/Paris", "2026-10-22T00:00:00Z")]
    [InlineData("America/New_York", "2026-03-06T00:00:00Z")]
    [InlineData("Asia/Ho_Chi_Minh", "2026-02-12T00:00:00Z")]
    [InlineData("Asia/Ho_Chi_Minh", "2025-12-29T00:00:00Z")]
    public void Agrees_with_a_minute_by_minute_reference(string zoneId, string windowStart)
    {
        var definition = new Def
        {
            TimeZoneId = zoneId,
            Weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
            {
                [DayOfWeek.Monday] = OpeningHours.ParseList("08:00-12:00, 13:30-17:30"),
                [DayOfWeek.Tuesday] = OpeningHours.ParseList("08:00-12:00, 13:30-17:30"),
                [DayOfWeek.Wednesday] = OpeningHours.ParseList("08:00-12:00, 13:30-17:30"),
                [DayOfWeek.Thursday] = OpeningHours.ParseList("08:00-12:00, 13:30-17:30"),
                [DayOfWeek.Friday] = OpeningHours.ParseList("08:00-12:00, 13:30-24:00"),
                [DayOfWeek.Saturday] = OpeningHours.ParseList("00:00-01:00, 20:00-24:00"),
                [DayOfWeek.Sunday] = OpeningHours.ParseList("00:00-04:00, 22:00-23:00"),
            },
            Holidays = [D("2026-01-01"), D("2026-02-16"), D("2026-02-17"), D("2026-02-18"), D("2026-02-19"), D("2026-02-20")],
            MakeUpDays = [new Def.MakeUpDay(D("2026-02-14"), OpeningHours.ParseList("09:00-11:00"))],
            Closures = [new Def.Closure(new DateTime(2026, 3, 27, 15, 0, 0), new DateTime(2026, 3, 28, 0, 30, 0))],
        };
        var calendar = new BusinessCalendar(definition);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var makeUp = definition.MakeUpDays.ToDictionary(m => m.Date, m => m.Hours);

        bool ReferenceOpen(DateTime utcMinute)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(utcMinute, zone);
            var date = DateOnly.FromDateTime(local);
            if (definition.Closures.Any(c => c.LocalStart <= local && local < c.LocalEnd) || definition.Holidays.Contains(date))
            {
                return false;
            }
            var hours = makeUp.TryGetValue(date, out var special) ? special : definition.Weekly[local.DayOfWeek];
            return hours.Any(h => h.Start <= local.TimeOfDay && local.TimeOfDay < h.End);
        }

        var start = Iso(windowStart).UtcDateTime;
        const int Minutes = 6 * 24 * 60;
        var open = new bool[Minutes];
        var before = new int[Minutes + 1]; // before[i] = open minutes in [start, start + i)
        for (var i = 0; i < Minutes; i++)
        {
            open[i] = ReferenceOpen(start.AddMinutes(i));
            before[i + 1] = before[i] + (open[i] ? 1 : 0);
            calendar.IsOpen(start.AddMinutes(i)).ShouldBe(open[i], $"IsOpen at {start.AddMinutes(i):u}");
        }
        before[Minutes].ShouldBeGreaterThan(600); // the window is not trivially closed

        var random = new Random(4242);
        for (var n = 0; n < 2000; n++)
        {
            var a = random.Next(Minutes + 1);
            var b = random.Next(Minutes + 1);
            calendar.BusinessMinutesBetween(start.AddMinutes(a), start.AddMinutes(b)).ShouldBe(before[b] - before[a], $"between +{a} and +{b} min");

            // The due time: the first minute boundary by which `minutes` open minutes have passed, or the first opening for 0.
            var minutes = random.Next(0, 400);
            var expected = a;
            while (expected < Minutes && (before[expected] - before[a] < minutes || (minutes == 0 && !open[expected])))
            {
                expected++;
            }
            if (expected < Minutes)
            {
                calendar.AddBusinessMinutes(start.AddMinutes(a), minutes).ShouldBe(start.AddMinutes(expected), $"+{a} min plus {minutes}");
            }
        }
    }

    /// <summary>Over a year with holidays, closures and a make-up day, from random instants (any second, any tick).</summary>
    [Fact]
    public void BusinessMinutesBetween_inverts_AddBusinessMinutes()
    {
        var calendar = Lunch(
            holidays: [D("2026-01-01"), D("2026-02-16"), D("2026-02-17"), D("2026-02-18"), D("2026-02-19"), D("2026-02-20"),
                D("2026-04-27"), D("2026-04-30"), D("2026-05-01"), D("2026-09-01"), D("2026-09-02")],
            makeUpDays: [new Def.MakeUpDay(D("2026-05-09"), OpeningHours.ParseList("08:00-12:00"))],
            closures: [new Def.Closure(new DateTime(2026, 5, 15, 13, 0, 0), new DateTime(2026, 5, 15, 17, 0, 0))]);
        var random = new Random(20260101);
        var yearStart = Vn("2026-01-01 00:00").UtcTicks;
        for (var n = 0; n < 5000; n++)
        {
            var from = new DateTimeOffset(yearStart + random.NextInt64(TimeSpan.TicksPerDay * 365), TimeSpan.Zero);
            var minutes = random.Next(-20_000, 20_000);
            var due = calendar.AddBusinessMinutes(from, minutes);

            calendar.BusinessMinutesBetween(from, due).ShouldBe(minutes);
            calendar.BusinessTimeBetween(from, due).ShouldBe(TimeSpan.FromMinutes(minutes));
            due.Offset.ShouldBe(TimeSpan.FromHours(7));
            if (minutes != 0)
            {
                // The earliest (forwards) or latest (backwards) such instant: it is where an interval is being used.
                (minutes > 0 ? calendar.IsOpen(due.AddTicks(-1)) : calendar.IsOpen(due)).ShouldBeTrue();
            }

            // And the other way: from any instant, adding the business time up to `to` lands on `to` or,
            // when `to` is closed, on the last closing before it. (With no business time in between, the
            // sum is the next opening, which may be after `to`.)
            var to = from.AddMinutes(random.Next(0, 30 * 24 * 60));
            var between = calendar.BusinessTimeBetween(from, to);
            if (between > TimeSpan.Zero)
            {
                var back = calendar.AddBusinessTime(from, between);
                back.ShouldBeLessThanOrEqualTo(to);
                calendar.BusinessTimeBetween(back, to).ShouldBe(TimeSpan.Zero);
            }
        }
    }

    [Fact]
    public void Utc_DateTime_overloads_take_and_give_UTC_only()
    {
        var office = BusinessCalendar.OfficeHours([]);
        // 01:30Z = 08:30 in Vietnam, the opening; + 60.
        var due = office.AddBusinessMinutes(new DateTime(2026, 3, 2, 1, 30, 0, DateTimeKind.Utc), 60);
        due.ShouldBe(new DateTime(2026, 3, 2, 2, 30, 0, DateTimeKind.Utc));
        due.Kind.ShouldBe(DateTimeKind.Utc);
        office.BusinessMinutesBetween(new DateTime(2026, 3, 2, 1, 30, 0, DateTimeKind.Utc), due).ShouldBe(60);
        office.NextOpening(new DateTime(2026, 3, 7, 0, 0, 0, DateTimeKind.Utc)).ShouldBe(new DateTime(2026, 3, 9, 1, 30, 0, DateTimeKind.Utc));
        office.NextClosing(new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc)).ShouldBe(new DateTime(2026, 3, 2, 11, 0, 0, DateTimeKind.Utc));

        Should.Throw<ArgumentException>(() => office.AddBusinessMinutes(new DateTime(2026, 3, 2, 8, 30, 0), 60));
        Should.Throw<ArgumentException>(() => office.IsOpen(new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Local)));
    }

    [Fact]
    public void Invalid_definitions_are_refused_with_a_reason()
    {
        Should.Throw<ArgumentException>(() => new BusinessCalendar(new Def())).Message.ShouldContain("never open");
        Should.Throw<ArgumentException>(() => new BusinessCalendar(new Def { TimeZoneId = "Mars/Olympus_Mons", Weekly = Def.EveryDay(OpeningHours.AllDay) }))
            .Message.ShouldContain("Mars/Olympus_Mons");
        Should.Throw<ArgumentException>(() => Lunch(holidays: [D("2026-01-10")], makeUpDays: [new Def.MakeUpDay(D("2026-01-10"), [OpeningHours.AllDay])]))
            .Message.ShouldContain("2026-01-10");
        Should.Throw<ArgumentException>(() => Lunch(makeUpDays: [new Def.MakeUpDay(D("2026-01-10"), [])]));
        Should.Throw<ArgumentException>(() => Lunch(closures: [new Def.Closure(new DateTime(2026, 5, 15, 13, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 15, 17, 0, 0, DateTimeKind.Utc))]));
        Should.Throw<ArgumentException>(() => Lunch(closures: [new Def.Closure(new DateTime(2026, 5, 15, 17, 0, 0), new DateTime(2026, 5, 15, 13, 0, 0))]));
        Should.Throw<ArgumentException>(() => new BusinessCalendar(new Def
        {
            Weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>> { [DayOfWeek.Monday] = [default] },
        }));

        Should.Throw<ArgumentException>(() => new OpeningHours(TimeSpan.FromHours(12), TimeSpan.FromHours(8)));
        Should.Throw<FormatException>(() => OpeningHours.Parse("25:00-26:00"));
        Should.Throw<FormatException>(() => OpeningHours.Parse("08:00"));
        OpeningHours.Parse("20:00-24:00").End.ShouldBe(TimeSpan.FromDays(1));
        OpeningHours.Parse("20:00-24:00").ToString().ShouldBe("20:00-24:00");
    }

    [Fact]
    public void A_calendar_with_nothing_left_to_open_throws_instead_of_looping()
    {
        // No weekly hours: open only on one make-up Saturday.
        var once = new BusinessCalendar(new Def { MakeUpDays = [new Def.MakeUpDay(D("2026-01-10"), OpeningHours.ParseList("08:00-12:00"))] });

        Show(once.AddBusinessMinutes(Vn("2026-01-01 00:00"), 60)).ShouldBe("2026-01-10 09:00 +07:00");
        Should.Throw<InvalidOperationException>(() => once.AddBusinessMinutes(Vn("2026-01-10 11:00"), 61)).Message.ShouldContain("2026-01-10");
        Should.Throw<InvalidOperationException>(() => once.NextOpening(Vn("2026-01-10 12:00")));
        Should.Throw<InvalidOperationException>(() => once.AddBusinessMinutes(Vn("2026-01-10 09:00"), -61));
        once.NextClosing(Vn("2026-01-10 12:00")).ShouldBeNull();
        // Counting needs no opening to exist: four years around it hold its 240 minutes.
        once.BusinessMinutesBetween(Vn("2024-01-01 00:00"), Vn("2028-01-01 00:00")).ShouldBe(240);
    }

    [Fact]
    public void Out_of_range_inputs_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Plain.AddBusinessMinutes(Vn("2026-03-02 09:00"), long.MaxValue));
        Should.Throw<ArgumentOutOfRangeException>(() => Plain.AddBusinessMinutes(Vn("2026-03-02 09:00"), long.MinValue));
        Should.Throw<ArgumentOutOfRangeException>(() => BusinessCalendar.TwentyFourSeven.AddBusinessMinutes(Vn("2026-03-02 09:00"), 10_000L * 366 * 24 * 60));
        Should.Throw<ArgumentOutOfRangeException>(() => Plain.IsOpen(DateTimeOffset.MaxValue));
        Should.Throw<ArgumentOutOfRangeException>(() => Plain.NextOpening(DateTimeOffset.MinValue));
    }

    [Fact]
    public void Large_targets_stay_exact()
    {
        var office = BusinessCalendar.OfficeHours([D("2026-01-01")]);
        // A year of office hours from Thu 2026-01-01: 261 weekdays in 2026 less New Year = 260 x 570 min.
        office.BusinessMinutesBetween(Vn("2026-01-01 00:00"), Vn("2027-01-01 00:00")).ShouldBe(260 * 570);
        // Ending on the last minute of the year's last working day, Thu 31/12 18:00.
        Show(office.AddBusinessMinutes(Vn("2026-01-01 00:00"), 260 * 570)).ShouldBe("2026-12-31 18:00 +07:00");
    }

    [Fact]
    public void One_calendar_serves_many_threads()
    {
        var calendar = new BusinessCalendar(new Def
        {
            TimeZoneId = "Australia/Sydney", // a zone no other test uses, so its offsets are first built under contention
            Weekly = Def.MondayToFriday(OpeningHours.ParseList("08:00-12:00, 13:30-17:30")),
        });
        var starts = Enumerable.Range(0, 2000).Select(i => Iso("2026-01-01T00:00:00Z").AddMinutes(i * 263.0)).ToArray();
        var parallel = new DateTimeOffset[starts.Length];
        Parallel.For(0, starts.Length, i => parallel[i] = calendar.AddBusinessMinutes(starts[i], 480));
        var sequential = starts.Select(s => calendar.AddBusinessMinutes(s, 480)).ToArray();
        parallel.ShouldBe(sequential);
        starts.Zip(parallel).ShouldAllBe(p => calendar.BusinessMinutesBetween(p.First, p.Second) == 480);
    }
}
