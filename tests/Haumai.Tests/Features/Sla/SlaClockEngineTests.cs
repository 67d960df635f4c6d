using System.Globalization;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;

namespace Haumai.Tests.Features.Sla;

/// <summary>
/// S3 clocks replayed from made-up histories, against cases worked out by hand (the arithmetic is in
/// the comments). Times are Vietnam's (+07:00). March 2026: Monday 2, Friday 6, Monday 9.
/// </summary>
public sealed class SlaClockEngineTests
{
    private static readonly BusinessCalendar Always = BusinessCalendar.TwentyFourSeven;

    /// <summary>Sales' office hours, Mon-Fri 08:30-18:00, with the computed Vietnamese holidays of 2026.</summary>
    private static readonly BusinessCalendar Office = BusinessCalendar.OfficeHours(VietnameseHolidays.For(2026).Select(h => h.Date));

    /// <summary>The default policy's urgent and low targets, and one with every target.</summary>
    private static readonly SlaTargets Urgent = new(60, 60, null);
    private static readonly SlaTargets Low = new(1440, 1440, null);
    private static readonly SlaTargets WithResolution = new(60, 60, 240);

    /// <summary>"2026-03-02 09:00" in Vietnam, as the UTC instant the database keeps.</summary>
    private static DateTime Vn(string local) =>
        new DateTimeOffset(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(7)).UtcDateTime;

    private static string? Show(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static SlaHistory History(string created, params SlaFact[] facts) => new(Vn(created), facts);

    private static SlaFact Status(string at, TicketStatus to) => SlaFact.StatusChanged(Vn(at), to);

    private static SlaFact Staff(string at) => SlaFact.StaffReply(Vn(at));

    private static SlaFact Customer(string at) => SlaFact.CustomerReply(Vn(at));

    private static SlaClock Clock(IReadOnlyList<SlaClock> clocks, SlaClockKind kind) => clocks.Single(c => c.Kind == kind);

    private static SlaClock First(SlaHistory history, SlaTargets targets, BusinessCalendar calendar, string now) =>
        Clock(SlaClockEngine.Compute(history, targets, calendar, Vn(now)), SlaClockKind.FirstResponse);

    [Fact]
    public void First_response_on_24x7_for_urgent_is_due_an_hour_after_creation()
    {
        var clock = First(History("2026-03-02 09:00"), Urgent, Always, "2026-03-02 09:20");

        Show(clock.StartedAt).ShouldBe("2026-03-02 09:00 +07:00");
        Show(clock.DueAt).ShouldBe("2026-03-02 10:00 +07:00");
        clock.TargetMinutes.ShouldBe(60);
        clock.ElapsedMinutes.ShouldBe(20);
        clock.RemainingMinutes.ShouldBe(40);
        clock.State.ShouldBe(SlaClockState.Running);
        clock.Paused.ShouldBeFalse();
        clock.StoppedAt.ShouldBeNull();
    }

    [Fact]
    public void On_office_hours_a_ticket_from_Friday_1730_with_240_minutes_is_due_Monday_at_noon()
    {
        // Friday 17:30-18:00 = 30 minutes; the weekend is closed; Monday 08:30 + 210 = 12:00.
        var history = History("2026-03-06 17:30");

        var saturday = First(history, new SlaTargets(240, null, null), Office, "2026-03-07 10:00");
        Show(saturday.DueAt).ShouldBe("2026-03-09 12:00 +07:00");
        saturday.ElapsedMinutes.ShouldBe(30);
        saturday.RemainingMinutes.ShouldBe(210);
        // Closed is not paused: the ticket is not waiting on the customer, the office is just shut.
        saturday.State.ShouldBe(SlaClockState.Running);
        saturday.Paused.ShouldBeFalse();

        // Monday 11:00: 30 + 150 = 180 minutes gone, 60 left.
        var monday = First(history, new SlaTargets(240, null, null), Office, "2026-03-09 11:00");
        monday.ElapsedMinutes.ShouldBe(180);
        monday.RemainingMinutes.ShouldBe(60);
    }

    [Fact]
    public void On_office_hours_the_public_holidays_do_not_count()
    {
        // Wednesday 29/4/2026 17:00-18:00 = 60; Thursday 30/4 and Friday 1/5 are holidays, then the
        // weekend; Monday 4/5 08:30 + 180 = 11:30.
        var clock = First(History("2026-04-29 17:00"), new SlaTargets(240, null, null), Office, "2026-05-02 12:00");

        Show(clock.DueAt).ShouldBe("2026-05-04 11:30 +07:00");
        clock.ElapsedMinutes.ShouldBe(60);
    }

    [Fact]
    public void A_public_staff_reply_stops_the_first_response_in_time_and_it_is_met()
    {
        var clock = First(History("2026-03-02 09:00", Staff("2026-03-02 09:45"), Status("2026-03-02 09:45", TicketStatus.Open)),
            Urgent, Always, "2026-03-02 15:00");

        clock.State.ShouldBe(SlaClockState.Met);
        Show(clock.StoppedAt).ShouldBe("2026-03-02 09:45 +07:00");
        Show(clock.DueAt).ShouldBe("2026-03-02 10:00 +07:00");
        clock.ElapsedMinutes.ShouldBe(45);
        clock.RemainingMinutes.ShouldBe(15);
        clock.Paused.ShouldBeFalse();
    }

    [Theory]
    [InlineData("2026-03-02 10:00", SlaClockState.Met, 0)] // exactly at the due time: kept
    [InlineData("2026-03-02 10:01", SlaClockState.Breached, -1)] // a minute late
    [InlineData("2026-03-02 13:00", SlaClockState.Breached, -180)]
    public void Met_or_breached_is_whether_the_reply_came_by_the_due_time(string replyAt, SlaClockState state, long remaining)
    {
        var clock = First(History("2026-03-02 09:00", Staff(replyAt)), Urgent, Always, "2026-03-03 09:00");

        clock.State.ShouldBe(state);
        clock.RemainingMinutes.ShouldBe(remaining);
        Show(clock.DueAt).ShouldBe("2026-03-02 10:00 +07:00");
    }

    [Fact]
    public void A_running_clock_past_its_due_time_is_breached_with_negative_remaining_minutes()
    {
        var clock = First(History("2026-03-02 09:00"), Urgent, Always, "2026-03-02 10:25");

        clock.State.ShouldBe(SlaClockState.Breached);
        clock.RemainingMinutes.ShouldBe(-25);
        clock.ElapsedMinutes.ShouldBe(85);
        clock.StoppedAt.ShouldBeNull();
        // Still running, so it still sorts the queue by its (past) deadline.
        clock.RunningDueAt.ShouldNotBeNull();
    }

    [Fact]
    public void Pending_pauses_the_clock_and_the_time_waiting_on_the_customer_does_not_count()
    {
        // 09:00-09:30 = 30 running, 09:30-11:30 pending, 11:30-12:00 = 30 running: 60 in all.
        var history = History("2026-03-02 09:00",
            Status("2026-03-02 09:30", TicketStatus.Pending),
            Customer("2026-03-02 11:30"),
            Status("2026-03-02 11:30", TicketStatus.Open),
            Staff("2026-03-02 12:00"));

        var during = First(history with { Facts = history.Facts.Take(1).ToList() }, Urgent, Always, "2026-03-02 10:30");
        during.State.ShouldBe(SlaClockState.Paused);
        during.Paused.ShouldBeTrue();
        during.DueAt.ShouldBeNull(); // the deadline moves for as long as the customer takes
        during.ElapsedMinutes.ShouldBe(30);
        during.RemainingMinutes.ShouldBe(30);
        during.RunningDueAt.ShouldBeNull();

        var after = First(history, Urgent, Always, "2026-03-02 15:00");
        after.ElapsedMinutes.ShouldBe(60);
        after.RemainingMinutes.ShouldBe(0);
        after.State.ShouldBe(SlaClockState.Met);
        Show(after.DueAt).ShouldBe("2026-03-02 12:00 +07:00"); // resumed at 11:30 with 30 left
        Show(after.StoppedAt).ShouldBe("2026-03-02 12:00 +07:00");
    }

    [Fact]
    public void On_hold_is_the_providers_own_wait_and_keeps_counting()
    {
        var clock = First(History("2026-03-02 09:00", Status("2026-03-02 09:10", TicketStatus.OnHold)), Urgent, Always, "2026-03-02 09:50");

        clock.State.ShouldBe(SlaClockState.Running);
        clock.ElapsedMinutes.ShouldBe(50);
    }

    [Fact]
    public void A_customer_follow_up_before_the_first_reply_starts_no_next_response_clock()
    {
        var clocks = SlaClockEngine.Compute(History("2026-03-02 09:00", Customer("2026-03-02 09:20")), Urgent, Always, Vn("2026-03-02 09:30"));

        clocks.Select(c => c.Kind).ShouldBe([SlaClockKind.FirstResponse]);
        Clock(clocks, SlaClockKind.FirstResponse).ElapsedMinutes.ShouldBe(30);
    }

    [Fact]
    public void Next_response_runs_from_the_oldest_unanswered_customer_message_to_the_next_staff_reply()
    {
        // First reply at 09:10; the customer writes at 10:00 and again at 10:30 (no restart): due
        // 11:00; the agent answers at 11:30, 30 minutes late.
        var history = History("2026-03-02 09:00",
            Staff("2026-03-02 09:10"),
            Status("2026-03-02 09:10", TicketStatus.Open),
            Customer("2026-03-02 10:00"),
            Customer("2026-03-02 10:30"));

        var waiting = Clock(SlaClockEngine.Compute(history, Urgent, Always, Vn("2026-03-02 10:40")), SlaClockKind.NextResponse);
        Show(waiting.StartedAt).ShouldBe("2026-03-02 10:00 +07:00");
        Show(waiting.DueAt).ShouldBe("2026-03-02 11:00 +07:00");
        waiting.State.ShouldBe(SlaClockState.Running);
        waiting.RemainingMinutes.ShouldBe(20);

        var answered = history with { Facts = [.. history.Facts, Staff("2026-03-02 11:30")] };
        var clocks = SlaClockEngine.Compute(answered, Urgent, Always, Vn("2026-03-02 12:00"));
        var next = Clock(clocks, SlaClockKind.NextResponse);
        next.State.ShouldBe(SlaClockState.Breached);
        next.ElapsedMinutes.ShouldBe(90);
        next.RemainingMinutes.ShouldBe(-30);
        Show(next.StoppedAt).ShouldBe("2026-03-02 11:30 +07:00");
        Clock(clocks, SlaClockKind.FirstResponse).State.ShouldBe(SlaClockState.Met);

        // The next customer message starts a new cycle; the clock shows the latest.
        var again = answered with { Facts = [.. answered.Facts, Customer("2026-03-02 13:00")] };
        var latest = Clock(SlaClockEngine.Compute(again, Urgent, Always, Vn("2026-03-02 13:15")), SlaClockKind.NextResponse);
        Show(latest.StartedAt).ShouldBe("2026-03-02 13:00 +07:00");
        latest.State.ShouldBe(SlaClockState.Running);
        latest.RemainingMinutes.ShouldBe(45);
    }

    [Fact]
    public void Resolution_stops_at_solved_and_a_reopen_resumes_it_with_the_time_already_spent()
    {
        // 09:00-10:00 = 60 until solved; reopened at 14:00; at 15:00: 60 + 60 = 120 of 240, due
        // 14:00 + (240 - 60) = 17:00.
        var solved = History("2026-03-02 09:00",
            Staff("2026-03-02 09:05"),
            Status("2026-03-02 09:05", TicketStatus.Open),
            Status("2026-03-02 10:00", TicketStatus.Solved));

        var atSolve = Clock(SlaClockEngine.Compute(solved, WithResolution, Always, Vn("2026-03-02 12:00")), SlaClockKind.Resolution);
        atSolve.State.ShouldBe(SlaClockState.Met);
        atSolve.ElapsedMinutes.ShouldBe(60);
        Show(atSolve.StoppedAt).ShouldBe("2026-03-02 10:00 +07:00");

        var reopened = solved with { Facts = [.. solved.Facts, Customer("2026-03-02 14:00"), Status("2026-03-02 14:00", TicketStatus.Open)] };
        var clocks = SlaClockEngine.Compute(reopened, WithResolution, Always, Vn("2026-03-02 15:00"));
        var resolution = Clock(clocks, SlaClockKind.Resolution);
        resolution.State.ShouldBe(SlaClockState.Running);
        resolution.StoppedAt.ShouldBeNull();
        Show(resolution.StartedAt).ShouldBe("2026-03-02 09:00 +07:00");
        resolution.ElapsedMinutes.ShouldBe(120);
        resolution.RemainingMinutes.ShouldBe(120);
        Show(resolution.DueAt).ShouldBe("2026-03-02 17:00 +07:00");
        // The reopening message is unanswered: it starts a next-response cycle.
        Clock(clocks, SlaClockKind.NextResponse).State.ShouldBe(SlaClockState.Running);

        // Solved again at 18:00: 60 + 240 = 300 > 240.
        var late = reopened with { Facts = [.. reopened.Facts, Status("2026-03-02 18:00", TicketStatus.Solved)] };
        var final = Clock(SlaClockEngine.Compute(late, WithResolution, Always, Vn("2026-03-03 09:00")), SlaClockKind.Resolution);
        final.State.ShouldBe(SlaClockState.Breached);
        final.ElapsedMinutes.ShouldBe(300);
        final.RemainingMinutes.ShouldBe(-60);
    }

    [Fact]
    public void Solving_without_a_reply_stops_the_first_response_and_a_reopen_does_not_restart_it()
    {
        var history = History("2026-03-02 09:00",
            Status("2026-03-02 09:30", TicketStatus.Solved),
            Customer("2026-03-02 10:00"),
            Status("2026-03-02 10:00", TicketStatus.Open));

        var clocks = SlaClockEngine.Compute(history, Urgent, Always, Vn("2026-03-02 10:20"));

        var first = Clock(clocks, SlaClockKind.FirstResponse);
        first.State.ShouldBe(SlaClockState.Met);
        Show(first.StoppedAt).ShouldBe("2026-03-02 09:30 +07:00");
        var next = Clock(clocks, SlaClockKind.NextResponse);
        Show(next.DueAt).ShouldBe("2026-03-02 11:00 +07:00");
        next.RemainingMinutes.ShouldBe(40);
    }

    [Fact]
    public void A_priority_change_from_low_to_urgent_recomputes_the_due_time_from_the_history()
    {
        // The same history under the new priority's targets: low was due the next morning, urgent
        // was due at 10:00 and is already 30 minutes late at 10:30.
        var history = History("2026-03-02 09:00");

        var low = First(history, Low, Always, "2026-03-02 10:30");
        Show(low.DueAt).ShouldBe("2026-03-03 09:00 +07:00");
        low.RemainingMinutes.ShouldBe(1350);
        low.State.ShouldBe(SlaClockState.Running);

        var urgent = First(history, Urgent, Always, "2026-03-02 10:30");
        Show(urgent.DueAt).ShouldBe("2026-03-02 10:00 +07:00");
        urgent.RemainingMinutes.ShouldBe(-30);
        urgent.State.ShouldBe(SlaClockState.Breached);
    }

    [Fact]
    public void A_target_without_a_value_has_no_clock_and_the_nearest_due_time_is_the_earliest_running_one()
    {
        var clocks = SlaClockEngine.Compute(History("2026-03-02 09:00"), new SlaTargets(60, null, 240), Always, Vn("2026-03-02 09:10"));

        clocks.Select(c => c.Kind).ShouldBe([SlaClockKind.FirstResponse, SlaClockKind.Resolution]);
        SlaClockEngine.NextDueAt(clocks).ShouldBe(Vn("2026-03-02 10:00"));

        var replied = SlaClockEngine.Compute(History("2026-03-02 09:00", Staff("2026-03-02 09:05")), new SlaTargets(60, null, 240), Always, Vn("2026-03-02 09:10"));
        SlaClockEngine.NextDueAt(replied).ShouldBe(Vn("2026-03-02 13:00"));

        var pending = SlaClockEngine.Compute(History("2026-03-02 09:00", Status("2026-03-02 09:05", TicketStatus.Pending)), new SlaTargets(60, null, 240), Always, Vn("2026-03-02 09:10"));
        SlaClockEngine.NextDueAt(pending).ShouldBeNull();
    }

    [Fact]
    public void Pauses_on_office_hours_count_only_open_time_and_resume_across_the_night()
    {
        // Created Monday 17:00 on office hours (medium, 480): 17:00-18:00 = 60; pending from
        // Tuesday 09:00 (08:30-09:00 = 30 more) to Tuesday 14:00; resumed with 390 left: 14:00-18:00
        // = 240, Wednesday 08:30 + 150 = 11:00.
        var history = History("2026-03-02 17:00",
            Status("2026-03-03 09:00", TicketStatus.Pending),
            Customer("2026-03-03 14:00"),
            Status("2026-03-03 14:00", TicketStatus.Open));

        var clock = First(history, new SlaTargets(480, null, null), Office, "2026-03-03 15:00");

        clock.ElapsedMinutes.ShouldBe(150);
        clock.RemainingMinutes.ShouldBe(330);
        Show(clock.DueAt).ShouldBe("2026-03-04 11:00 +07:00");
    }
}
