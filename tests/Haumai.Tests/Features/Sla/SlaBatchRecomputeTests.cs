using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Sla;

/// <summary>
/// The batch recompute after a calendar or policy change (set-based reads and writes) must land
/// where a save of each ticket would: the same due times, clocks and alarms, and alarms that
/// already fired stay fired.
/// </summary>
public abstract class SlaBatchRecomputeTests(HaumaiFactory app)
{
    private sealed record Alarm(long Id, SlaClockKind Clock, SlaAlarmKind Kind, DateTime Cycle, DateTime FireAt, DateTime? FiredAt);

    private Task<List<Alarm>> AlarmsAsync(IReadOnlyCollection<long> ticketIds) =>
        app.WithDbAsync(db => db.SlaAlarms.AsNoTracking().Where(a => ticketIds.Contains(a.TicketId))
            .OrderBy(a => a.TicketId).ThenBy(a => a.Clock).ThenBy(a => a.Kind).ThenBy(a => a.CycleStartedAt)
            .Select(a => new Alarm(a.Id, a.Clock, a.Kind, a.CycleStartedAt, a.FireAt, a.FiredAt)).ToListAsync());

    private Task<Dictionary<long, DateTime?>> DueTimesAsync(IReadOnlyCollection<long> ticketIds) =>
        app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.NextSlaDueAt));

    private static List<(long, DateTime?)> InOrder(Dictionary<long, DateTime?> dues) => [.. dues.OrderBy(d => d.Key).Select(d => (d.Key, d.Value))];

    private async Task<HttpResponseMessage> ShouldSucceed(Task<HttpResponseMessage> call)
    {
        var response = await call;
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return response;
    }

    [Fact]
    public async Task A_batch_recompute_gives_what_a_recompute_of_each_ticket_gives()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var customer = await app.CreateUserAsync(Role.Customer);
        var key = Guid.NewGuid().ToString("N")[..10];
        var teamId = (int)(await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { slug = $"b-{key}", name = "Nhóm lô" })).ReadJsonAsync())["id"]!;
        await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/categories", new { slug = $"b-{key}", name = "Lô", nameEn = "Batch", teamId, defaultPriority = "medium" }));
        // Office hours with all three clocks, next to the default policy's 24x7: two calendars, all kinds of clocks.
        await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", new
        {
            name = $"Lô {key}", calendar = "office-hours", conditions = new { teamId },
            targets = new[] { ("urgent", 30), ("high", 120), ("medium", 480), ("low", 960) }
                .Select(t => new { priority = t.Item1, firstResponseMinutes = t.Item2, nextResponseMinutes = t.Item2, resolutionMinutes = t.Item2 * 10 }).ToArray(),
        }));

        var ids = new List<long>();
        async Task<long> TicketAsync(string category, string priority)
        {
            // The customer's own ticket, so the customer can answer on it; the priority is staff's to set.
            var created = await ShouldSucceed(customer.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(null, category)));
            var id = (long)(await created.ReadJsonAsync())["id"]!;
            await ShouldSucceed(admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority }));
            ids.Add(id);
            return id;
        }
        Task Reply(TestUser who, long id, bool @internal = false) =>
            ShouldSucceed(who.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Phản hồi " + Guid.NewGuid().ToString("N")[..6], @internal }));
        Task Status(long id, string status) => ShouldSucceed(admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status }));

        var untouched = await TicketAsync($"b-{key}", "urgent");
        var nextResponse = await TicketAsync($"b-{key}", "high");
        await TicketAsync("technical-fault", "low");
        app.Clock.Advance(TimeSpan.FromMinutes(17));
        await Reply(admin, nextResponse);
        await Reply(customer, nextResponse);
        var pending = await TicketAsync($"b-{key}", "medium");
        await Status(pending, "pending");
        var reopened = await TicketAsync("technical-fault", "high");
        await Reply(admin, reopened, @internal: true);
        app.Clock.Advance(TimeSpan.FromMinutes(41));
        await Status(reopened, "solved");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Reply(customer, reopened);
        await Status(reopened, "open");
        var onHold = await TicketAsync($"b-{key}", "low");
        await Status(onHold, "on_hold");
        var solved = await TicketAsync("technical-fault", "urgent");
        await Reply(admin, solved);
        await Status(solved, "solved");
        await TicketAsync("technical-fault", "urgent");
        // Hours later the urgent ones have breached, the others not yet: both sides of the breach.
        app.Clock.Advance(TimeSpan.FromHours(3));
        await Reply(customer, untouched);
        ids.Count.ShouldBeGreaterThan(5);

        // Each ticket as its own save computes it, at one moment.
        var expected = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HaumaiDb>();
            var sla = sp.GetRequiredService<TicketSla>();
            var clocks = new Dictionary<long, IReadOnlyList<SlaClock>?>();
            foreach (var id in ids)
            {
                var ticket = await db.Tickets.FirstAsync(t => t.Id == id);
                clocks[id] = (await sla.RefreshAsync(ticket, default))?.Clocks;
            }
            await db.SaveChangesAsync();
            return clocks;
        });
        var expectedDue = await DueTimesAsync(ids);
        var expectedAlarms = await AlarmsAsync(ids);
        expectedDue.Values.Count(d => d is not null).ShouldBeGreaterThan(3);
        expected.Values.SelectMany(c => c ?? []).ShouldContain(c => c.State == SlaClockState.Breached);
        expected.Values.SelectMany(c => c ?? []).ShouldContain(c => c.State == SlaClockState.Running);
        expected.Values.SelectMany(c => c ?? []).ShouldContain(c => c.State == SlaClockState.Paused);

        // Out of step as a calendar change leaves them: no due times, alarms at the wrong time,
        // one missing, one for a cycle no clock has.
        await app.WithDbAsync(async db =>
        {
            await db.Tickets.Where(t => ids.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.NextSlaDueAt, (DateTime?)null));
            await db.SlaAlarms.Where(a => ids.Contains(a.TicketId) && a.FiredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.FireAt, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            var first = expectedAlarms.First(a => a.FiredAt is null).Id;
            await db.SlaAlarms.Where(a => a.Id == first).ExecuteDeleteAsync();
            var ticket = await db.Tickets.FirstAsync(t => t.Id == onHold);
            db.SlaAlarms.Add(new SlaAlarm(ticket, SlaClockKind.NextResponse, SlaAlarmKind.Breach, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2001, 1, 2, 0, 0, 0, DateTimeKind.Utc), DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });

        // Batches of three: the walk crosses batch boundaries, and other tests' tickets sit in between.
        await app.WithScopeAsync(sp => sp.GetRequiredService<TicketSla>().RecomputeOpenTicketsAsync(null, 3, default));

        InOrder(await DueTimesAsync(ids)).ShouldBe(InOrder(expectedDue));
        var alarms = await AlarmsAsync(ids);
        alarms.Select(a => (a.Clock, a.Kind, a.Cycle)).ShouldBe(expectedAlarms.Select(a => (a.Clock, a.Kind, a.Cycle)));
        // The fixture's alarm scanner runs in the background and may fire an overdue alarm at any
        // moment of this test: one fired meanwhile is right if it was due; the others must match exactly.
        var now = app.Clock.GetUtcNow().UtcDateTime;
        foreach (var (want, got) in expectedAlarms.Zip(alarms))
        {
            if (got.FiredAt is not null && want.FiredAt is null)
            {
                want.FireAt.ShouldBeLessThanOrEqualTo(now, $"{got} fired before it was due");
                continue;
            }
            (got.FireAt, got.FiredAt).ShouldBe((want.FireAt, want.FiredAt), $"{want.Clock} {want.Kind}");
        }
        // The clocks themselves (states: breached, running, paused, met) from the batch reader.
        var rows = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new SlaTicketRow(t.Id, t.CreatedAt, t.Priority, t.CategoryId, t.TeamId, t.OrganizationId)).ToListAsync());
        var batch = await app.WithScopeAsync(sp => sp.GetRequiredService<TicketSla>().ClocksForBatchAsync(rows, app.Clock.GetUtcNow().UtcDateTime, default));
        foreach (var id in ids)
        {
            var want = expected[id];
            var got = batch.GetValueOrDefault(id);
            got.ShouldNotBeNull();
            want.ShouldNotBeNull();
            // Remaining and elapsed minutes move with "now"; what is compared is what does not.
            got.Select(c => (c.Kind, c.TargetMinutes, c.StartedAt, c.DueAt, c.StoppedAt, c.Paused, c.State))
                .ShouldBe(want.Select(c => (c.Kind, c.TargetMinutes, c.StartedAt, c.DueAt, c.StoppedAt, c.Paused, c.State)), $"ticket {id}");
        }
    }

    [Fact]
    public async Task A_calendar_change_moves_its_tickets_pending_alarms_and_a_fired_one_does_not_fire_again()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var key = Guid.NewGuid().ToString("N")[..10];
        var teamId = (int)(await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { slug = $"m-{key}", name = "Nhóm dời" })).ReadJsonAsync())["id"]!;
        await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/categories", new { slug = $"m-{key}", name = "Dời", nameEn = "Move", teamId, defaultPriority = "low" }));
        var allDay = new[] { "00:00-24:00" };
        await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/calendars", new
        {
            slug = $"m-{key}", name = "Lịch dời", nameEn = "Moving calendar", timeZone = "Asia/Ho_Chi_Minh", vietnameseHolidays = false,
            hours = new Dictionary<string, string[]> { ["monday"] = allDay, ["tuesday"] = allDay, ["wednesday"] = allDay, ["thursday"] = allDay, ["friday"] = allDay, ["saturday"] = allDay, ["sunday"] = allDay },
        }));
        await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", new
        {
            name = $"Dời {key}", calendar = $"m-{key}", conditions = new { teamId },
            targets = new[] { "urgent", "high", "medium", "low" }.Select(p => new { priority = p, firstResponseMinutes = 100 }).ToArray(),
        }));
        var id = (long)(await (await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("doi@acme.vn", $"m-{key}")))).ReadJsonAsync())["id"]!;
        // A ticket on another calendar (the default policy's 24x7), its due time cleared: a change of
        // this calendar leaves it alone.
        var other = (long)(await (await ShouldSucceed(admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("khac@acme.vn")))).ReadJsonAsync())["id"]!;
        await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == other).ExecuteUpdateAsync(s => s.SetProperty(t => t.NextSlaDueAt, (DateTime?)null)));
        var planned = await AlarmsAsync([id]);
        planned.Select(a => a.Kind).Order().ShouldBe([SlaAlarmKind.Warning, SlaAlarmKind.Breach]);
        var breach = planned.Single(a => a.Kind == SlaAlarmKind.Breach);

        // The warning (80 of 100 minutes) fires.
        app.Clock.Advance(TimeSpan.FromMinutes(81));
        await app.Services.GetRequiredService<SlaAlarmScanner>().RunOnceAsync(default);
        (await AlarmsAsync([id])).Single(a => a.Kind == SlaAlarmKind.Warning).FiredAt.ShouldNotBeNull();

        // Open one hour a week from now on: the 19 minutes left take weeks. The background recompute moves it.
        var before = (await DueTimesAsync([id]))[id];
        await ShouldSucceed(admin.Client.PutAsJsonAsync($"/api/v1/calendars/m-{key}", new
        {
            name = "Lịch dời", nameEn = "Moving calendar",
            hours = new Dictionary<string, string[]> { ["monday"] = ["09:00-10:00"] },
        }));
        var after = before;
        for (var i = 0; i < 100 && after == before; i++)
        {
            await Task.Delay(100);
            after = (await DueTimesAsync([id]))[id];
        }
        after.ShouldNotBeNull();
        after.ShouldNotBe(before);
        (await DueTimesAsync([other]))[other].ShouldBeNull();
        // Written in the same transaction as the due time.
        var moved = await AlarmsAsync([id]);

        // The same pending row, moved to the new due time; the fired warning stays the one fired warning.
        moved.Count.ShouldBe(2);
        var movedBreach = moved.Single(a => a.Kind == SlaAlarmKind.Breach);
        movedBreach.Id.ShouldBe(breach.Id);
        movedBreach.FiredAt.ShouldBeNull();
        movedBreach.FireAt.ShouldBe(SlaAlarmPlanner.Truncate(after.Value));
        moved.Single(a => a.Kind == SlaAlarmKind.Warning).FiredAt.ShouldNotBeNull();

        // Past the old breach time: nothing fires. Past the new one: the breach fires, once, and the warning not again.
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await app.Services.GetRequiredService<SlaAlarmScanner>().RunOnceAsync(default);
        (await AlarmsAsync([id])).Single(a => a.Kind == SlaAlarmKind.Breach).FiredAt.ShouldBeNull();
        app.Clock.Advance(after.Value - app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<SlaAlarmScanner>().RunOnceAsync(default);
        await app.Services.GetRequiredService<SlaAlarmScanner>().RunOnceAsync(default);
        var events = await app.WithDbAsync(db => db.TicketEvents.Where(e => e.TicketId == id).Select(e => e.Type).ToListAsync());
        events.Count(e => e == "sla_warning").ShouldBe(1);
        events.Count(e => e == "sla_breach").ShouldBe(1);
        (await AlarmsAsync([id])).ShouldAllBe(a => a.FiredAt != null);
    }
}

[Collection("sqlite")]
public sealed class SqliteSlaBatchRecomputeTests(SqliteApp app) : SlaBatchRecomputeTests(app);

[Collection("postgres")]
public sealed class PostgresSlaBatchRecomputeTests(PostgresApp app) : SlaBatchRecomputeTests(app);
