using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Sla;

/// <summary>A change of a business calendar moves the stored due times of open tickets, in the background.</summary>
public abstract class SlaRecomputeTests(HaumaiFactory app)
{
    [Fact]
    public async Task Changing_a_calendar_recomputes_the_due_times_of_open_tickets()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var key = Guid.NewGuid().ToString("N")[..10];
        var team = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { slug = $"t-{key}", name = "Nhóm lịch" })).ReadJsonAsync();
        var teamId = (int)team["id"]!;
        (await admin.Client.PostAsJsonAsync("/api/v1/categories", new { slug = $"c-{key}", name = "Lịch", nameEn = "Calendar", teamId, defaultPriority = "low" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var allDay = new[] { "00:00-24:00" };
        var calendar = await admin.Client.PostAsJsonAsync("/api/v1/calendars", new
        {
            slug = $"cal-{key}", name = "Lịch thử", nameEn = "Test calendar", timeZone = "Asia/Ho_Chi_Minh", vietnameseHolidays = false,
            hours = new Dictionary<string, string[]> { ["monday"] = allDay, ["tuesday"] = allDay, ["wednesday"] = allDay, ["thursday"] = allDay, ["friday"] = allDay, ["saturday"] = allDay, ["sunday"] = allDay },
        });
        calendar.StatusCode.ShouldBe(HttpStatusCode.Created, await calendar.Content.ReadAsStringAsync());
        var targets = new[] { "urgent", "high", "medium", "low" }.Select(p => new { priority = p, firstResponseMinutes = 600 }).ToArray();
        var policy = await admin.Client.PostAsJsonAsync("/api/v1/sla-policies", new { name = "Lịch thử", calendar = $"cal-{key}", conditions = new { teamId }, targets });
        policy.StatusCode.ShouldBe(HttpStatusCode.Created, await policy.Content.ReadAsStringAsync());
        var created = await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("lich@acme.vn", $"c-{key}"));
        var id = (long)(await created.ReadJsonAsync())["id"]!;
        var before = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.NextSlaDueAt).FirstAsync());
        before.ShouldNotBeNull();

        // Open one hour a week from now on: 600 business minutes take ten weeks.
        (await admin.Client.PutAsJsonAsync($"/api/v1/calendars/cal-{key}", new
        {
            name = "Lịch thử", nameEn = "Test calendar",
            hours = new Dictionary<string, string[]> { ["monday"] = ["09:00-10:00"] },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        DateTime? after = before;
        for (var i = 0; i < 100 && after == before; i++)
        {
            await Task.Delay(100);
            after = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.NextSlaDueAt).FirstAsync());
        }
        after.ShouldNotBeNull();
        (after.Value - before.Value).TotalDays.ShouldBeGreaterThan(50);
    }
}

[Collection("sqlite")]
public sealed class SqliteSlaRecomputeTests(SqliteApp app) : SlaRecomputeTests(app);

[Collection("postgres")]
public sealed class PostgresSlaRecomputeTests(PostgresApp app) : SlaRecomputeTests(app);
