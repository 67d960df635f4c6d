using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Sla;

/// <summary>
/// S2-S3 over HTTP, once per database: the <c>sla</c> block of a ticket, its clocks driven by the
/// test clock, the due-sorted queue, and the policies API. The test clock is real time plus what
/// the tests advanced, so a clock read a moment after a change may be a minute short: the checks
/// allow that one minute, never more.
/// </summary>
public abstract class SlaApiTests(HaumaiFactory app)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Staff_and_the_requester_see_the_sla_block_with_due_times_in_the_calendars_offset()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);

        var response = await customer.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(null, "technical-fault", "urgent"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        ((string)created["sla"]!["policy"]!["name"]!).ShouldBe("Mặc định");
        ((string)created["sla"]!["policy"]!["calendar"]!).ShouldBe("24x7");
        created["sla"]!["clocks"]!.AsArray().Select(c => (string)c!["kind"]!).ShouldBe(["first_response"]); // the default has no resolution target
        var clock = Clock(created, "first_response");
        clock.AsObject().Select(p => p.Key).ShouldBe(["kind", "targetMinutes", "startedAt", "dueAt", "stoppedAt", "paused", "elapsedMinutes", "remainingMinutes", "state"]);
        ((int)clock["targetMinutes"]!).ShouldBe(60);
        ((string)clock["state"]!).ShouldBe("running");
        ((bool)clock["paused"]!).ShouldBeFalse();
        clock["stoppedAt"].ShouldBeNull();
        ((string)clock["dueAt"]!).ShouldEndWith("+07:00");
        Time(clock["dueAt"]).ShouldBe(Time(created["createdAt"]) + TimeSpan.FromMinutes(60), TimeSpan.FromMilliseconds(1));
        Time(clock["startedAt"]).ShouldBe(Time(created["createdAt"]), TimeSpan.FromMilliseconds(1));
        ((long)clock["remainingMinutes"]!).ShouldBeInRange(59, 60);

        var id = (long)created["id"]!;
        foreach (var reader in new[] { customer, admin })
        {
            var fetched = await (await reader.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
            Time(Clock(fetched, "first_response")["dueAt"]).ShouldBe(Time(clock["dueAt"]), TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public async Task The_clock_counts_down_with_time_and_breaches_when_the_due_time_passes()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(admin, "urgent");

        app.Clock.Advance(TimeSpan.FromMinutes(30));
        var running = Clock(await GetAsync(admin, id), "first_response");
        ((string)running["state"]!).ShouldBe("running");
        ((long)running["elapsedMinutes"]!).ShouldBeInRange(30, 31);
        ((long)running["remainingMinutes"]!).ShouldBeInRange(29, 30);

        app.Clock.Advance(TimeSpan.FromMinutes(40));
        var late = Clock(await GetAsync(admin, id), "first_response");
        ((string)late["state"]!).ShouldBe("breached");
        ((long)late["remainingMinutes"]!).ShouldBeInRange(-11, -10);
        late["stoppedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task An_internal_note_does_not_stop_the_first_response_a_public_reply_does_and_the_customers_answer_starts_the_next()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);
        var created = await (await customer.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(null, "technical-fault", "high"))).ReadJsonAsync();
        var id = (long)created["id"]!;

        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Kiểm tra log máy chủ.", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.Created);
        ((string)Clock(await GetAsync(admin, id), "first_response")["state"]!).ShouldBe("running");

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Chúng tôi đang xử lý." })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var replied = await GetAsync(customer, id);
        var first = Clock(replied, "first_response");
        ((string)first["state"]!).ShouldBe("met");
        first["stoppedAt"].ShouldNotBeNull();
        ((long)first["elapsedMinutes"]!).ShouldBeInRange(20, 21);
        replied["sla"]!["clocks"]!.AsArray().Any(c => (string)c!["kind"]! == "next_response").ShouldBeFalse();

        (await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Vẫn chưa được ạ." })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var next = Clock(await GetAsync(customer, id), "next_response");
        ((string)next["state"]!).ShouldBe("running");
        ((int)next["targetMinutes"]!).ShouldBe(240);
    }

    [Fact]
    public async Task Pending_pauses_the_clocks_and_open_resumes_them_with_the_time_left()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var created = await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("cho@acme.vn", "technical-fault", "urgent"))).ReadJsonAsync();
        var id = (long)created["id"]!;

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var pending = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "pending" })).ReadJsonAsync();
        var paused = Clock(pending, "first_response");
        ((string)paused["state"]!).ShouldBe("paused");
        ((bool)paused["paused"]!).ShouldBeTrue();
        paused["dueAt"].ShouldBeNull();
        ((long)paused["remainingMinutes"]!).ShouldBeInRange(49, 50);

        app.Clock.Advance(TimeSpan.FromHours(2));
        ((long)Clock(await GetAsync(admin, id), "first_response")["remainingMinutes"]!).ShouldBeInRange(49, 50);

        var reopened = Clock(await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "open" })).ReadJsonAsync(), "first_response");
        ((string)reopened["state"]!).ShouldBe("running");
        // Due an hour of running time after creation, pushed back by the two hours on pending.
        Time(reopened["dueAt"]).ShouldBe(Time(created["createdAt"]) + TimeSpan.FromMinutes(180), Minute);
    }

    [Fact]
    public async Task Raising_the_priority_recomputes_the_due_time_from_the_history()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var created = await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("gap@acme.vn", "technical-fault", "low"))).ReadJsonAsync();
        var id = (long)created["id"]!;
        Time(Clock(created, "first_response")["dueAt"]).ShouldBe(Time(created["createdAt"]) + TimeSpan.FromHours(24), TimeSpan.FromMilliseconds(1));

        app.Clock.Advance(TimeSpan.FromMinutes(90));
        var urgent = Clock(await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "urgent" })).ReadJsonAsync(), "first_response");

        ((int)urgent["targetMinutes"]!).ShouldBe(60);
        Time(urgent["dueAt"]).ShouldBe(Time(created["createdAt"]) + TimeSpan.FromMinutes(60), TimeSpan.FromMilliseconds(1));
        ((string)urgent["state"]!).ShouldBe("breached");
        ((long)urgent["remainingMinutes"]!).ShouldBeInRange(-31, -30);
    }

    [Fact]
    public async Task A_sales_ticket_runs_on_the_office_hours_policy_and_a_technical_one_on_the_default()
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        var sales = await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("mua@acme.vn", "sales-enquiry"))).ReadJsonAsync();
        var technical = await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("loi@acme.vn", "technical-fault"))).ReadJsonAsync();

        ((string)sales["sla"]!["policy"]!["name"]!).ShouldBe("Kinh doanh");
        ((string)sales["sla"]!["policy"]!["calendar"]!).ShouldBe("office-hours");
        var clock = Clock(sales, "first_response");
        ((int)clock["targetMinutes"]!).ShouldBe(480); // sales enquiries are medium
        var officeHours = (await app.WithScopeAsync(sp => sp.GetRequiredService<ICalendarSource>().FindAsync(ICalendarSource.OfficeHours).AsTask()))!;
        var expected = officeHours.AddBusinessMinutes(Time(sales["createdAt"]), 480);
        Time(clock["dueAt"]).ShouldBe(expected, TimeSpan.FromMilliseconds(1));
        ((string)clock["dueAt"]!).ShouldEndWith("+07:00");
        ((string)technical["sla"]!["policy"]!["name"]!).ShouldBe("Mặc định");
    }

    [Fact]
    public async Task The_queue_sorts_by_the_nearest_due_time_pages_by_cursor_and_puts_tickets_without_one_last()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var team = await app.CreateTeamAsync();
        var low = await CreateAsync(admin, "low");
        var urgent = await CreateAsync(admin, "urgent");
        var medium = await CreateAsync(admin, "medium");
        var waiting = await CreateAsync(admin, "urgent");
        var high = await CreateAsync(admin, "high");
        foreach (var id in new[] { low, urgent, medium, waiting, high })
        {
            (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { teamId = team })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{waiting}", new { status = "pending" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rows = new List<JsonNode>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = $"/api/v1/tickets?view=queue&sort=due&team={team}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await admin.Client.GetAsync(url);
            page.StatusCode.ShouldBe(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
            var body = await page.ReadJsonAsync();
            rows.AddRange(body["items"]!.AsArray().Select(i => i!));
            cursor = (string?)body["nextCursor"];
            pages++;
        }
        while (cursor is not null && pages < 10);

        rows.Select(r => (long)r["id"]!).ShouldBe([urgent, high, medium, low, waiting]);
        pages.ShouldBe(3);
        var dues = rows.Take(4).Select(r => Time(r["slaDueAt"])).ToList();
        dues.ShouldBe(dues.Order().ToList());
        rows[^1]["slaDueAt"].ShouldBeNull();
        var urgentTicket = await GetAsync(admin, urgent);
        Time(rows[0]["slaDueAt"]).ShouldBe(Time(Clock(urgentTicket, "first_response")["dueAt"]), TimeSpan.FromMilliseconds(1));

        // The default order is unchanged: priority, then arrival.
        var byPriority = await (await admin.Client.GetAsync($"/api/v1/tickets?view=queue&team={team}")).ReadJsonAsync();
        byPriority["items"]!.AsArray().Select(i => (long)i!["id"]!).ShouldBe([urgent, waiting, high, medium, low]);

        // Each sort has its own cursor.
        var priorityCursor = (string)(await (await admin.Client.GetAsync($"/api/v1/tickets?view=queue&team={team}&limit=1")).ReadJsonAsync())["nextCursor"]!;
        (await admin.Client.GetAsync($"/api/v1/tickets?view=queue&sort=due&cursor={priorityCursor}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var sortProblem = await admin.Client.GetAsync("/api/v1/tickets?view=queue&sort=soonest");
        sortProblem.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sortProblem.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("sort").ShouldBeTrue();
    }

    [Fact]
    public async Task Staff_read_the_policies_in_match_order_and_only_admins_change_them()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var customer = await app.CreateUserAsync(Role.Customer);

        var list = await agent.Client.GetAsync("/api/v1/sla-policies");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        var policies = (await list.ReadJsonAsync()).AsArray();
        var fallback = policies[^1]!;
        ((bool)fallback["isDefault"]!).ShouldBeTrue();
        ((string)fallback["name"]!).ShouldBe("Mặc định");
        ((string)fallback["nameEn"]!).ShouldBe("Default");
        ((string)fallback["calendar"]!).ShouldBe("24x7");
        fallback["targets"]!.AsArray().Select(t => ((string)t!["priority"]!, (int)t["firstResponseMinutes"]!, (int?)t["nextResponseMinutes"], (int?)t["resolutionMinutes"]))
            .ShouldBe([("urgent", 60, 60, null), ("high", 240, 240, null), ("medium", 480, 480, null), ("low", 1440, 1440, null)]);
        var salesTeam = await app.WithDbAsync(db => db.Teams.Where(t => t.Slug == "sales").Select(t => t.Id).SingleAsync());
        var sales = policies.Single(p => (string)p!["name"]! == "Kinh doanh")!;
        ((string)sales["calendar"]!).ShouldBe("office-hours");
        ((int)sales["conditions"]!["teamId"]!).ShouldBe(salesTeam);
        policies.IndexOf(sales).ShouldBeLessThan(policies.Count - 1);

        (await customer.Client.GetAsync("/api/v1/sla-policies")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Thử", null))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var refused = await agent.Client.PutAsJsonAsync($"/api/v1/sla-policies/{(int)sales["id"]!}", Policy("Thử", null));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        ((string)(await refused.ReadJsonAsync())["type"]!).ShouldEndWith("/forbidden");
        (await agent.Client.PutAsJsonAsync("/api/v1/sla-policies/order", new { ids = Array.Empty<int>() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.SlaPolicies.CountAsync(p => p.Name == "Thử"))).ShouldBe(0);
    }

    [Fact]
    public async Task Policy_input_is_validated_field_by_field()
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Thiếu", null, priorities: ["urgent", "high", "medium"])), "targets");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Trùng", null, priorities: ["urgent", "high", "medium", "medium"])), "targets");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Âm", null, firstResponse: 0)), "targets[0].firstResponseMinutes");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Âm", null, resolution: -5)), "targets[0].resolutionMinutes");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Lịch", null, calendar: "weekends-only")), "calendar");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Loại", new { category = "no-such-category" })), "conditions.category");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Nhóm", new { teamId = 987654 })), "conditions.teamId");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("Gói", new { plan = "gold" })), "conditions.plan");
        await ShouldRefuseAsync(admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy("", null)), "name");

        var defaultId = await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync());
        await ShouldRefuseAsync(admin.Client.PutAsJsonAsync($"/api/v1/sla-policies/{defaultId}", Policy("Mặc định", new { plan = "paid" })), "conditions");
        (await admin.Client.PutAsJsonAsync("/api/v1/sla-policies/987654", Policy("Không có", null))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ShouldRefuseAsync(admin.Client.PutAsJsonAsync("/api/v1/sla-policies/order", new { ids = new[] { defaultId } }), "ids");
        await ShouldRefuseAsync(admin.Client.PutAsJsonAsync("/api/v1/sla-policies/order", new { ids = Array.Empty<int>() }), "ids");
        (await app.WithDbAsync(db => db.SlaPolicies.CountAsync(p => p.Name == "Thiếu" || p.Name == "Âm" || p.Name == "Lịch"))).ShouldBe(0);
    }

    [Fact]
    public async Task The_first_matching_policy_applies_and_reordering_or_editing_policies_moves_the_due_times_of_open_tickets()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var team = await app.CreateTeamAsync();
        var org = await app.CreateOrganizationAsync(Plan.Paid);
        await app.WithDbAsync(async db =>
        {
            var o = await db.Organizations.Include(x => x.Contract).SingleAsync(x => x.Id == org.Id);
            o.SignContract($"HD-{org.Id}", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), null, "Hỗ trợ ưu tiên");
            return await db.SaveChangesAsync();
        });
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug);

        var contract = await CreatePolicyAsync(admin, Policy("Có hợp đồng", new { teamId = team, hasContract = true }, firstResponse: 15, resolution: 120));
        var teamWide = await CreatePolicyAsync(admin, Policy("Nhóm riêng", new { teamId = team }, firstResponse: 30));
        ((int)teamWide["position"]!).ShouldBeGreaterThan((int)contract["position"]!); // a new policy goes last, before the default

        var withContract = (long)(await (await customer.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(null, "technical-fault", "urgent"))).ReadJsonAsync())["id"]!;
        var without = await CreateAsync(admin, "urgent");
        var a = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{withContract}", new { teamId = team })).ReadJsonAsync();
        var b = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{without}", new { teamId = team })).ReadJsonAsync();
        ((int)a["sla"]!["policy"]!["id"]!).ShouldBe((int)contract["id"]!);
        ((int)Clock(a, "first_response")["targetMinutes"]!).ShouldBe(15);
        ((int)Clock(a, "resolution")["targetMinutes"]!).ShouldBe(120);
        ((int)b["sla"]!["policy"]!["id"]!).ShouldBe((int)teamWide["id"]!);
        ((int)Clock(b, "first_response")["targetMinutes"]!).ShouldBe(30);
        (await QueueDueAsync(admin, team, withContract)).ShouldBe(Time(a["createdAt"]) + TimeSpan.FromMinutes(15), TimeSpan.FromMilliseconds(1));

        // Team-wide first: it now takes the contract customer's ticket too, and the stored due time follows.
        var order = (await (await admin.Client.GetAsync("/api/v1/sla-policies")).ReadJsonAsync()).AsArray()
            .Where(p => !(bool)p!["isDefault"]!).Select(p => (int)p!["id"]!).ToList();
        order.Remove((int)teamWide["id"]!);
        order.Insert(order.IndexOf((int)contract["id"]!), (int)teamWide["id"]!);
        var reordered = await admin.Client.PutAsJsonAsync("/api/v1/sla-policies/order", new { ids = order });
        reordered.StatusCode.ShouldBe(HttpStatusCode.OK, await reordered.Content.ReadAsStringAsync());
        (await reordered.ReadJsonAsync()).AsArray().Where(p => !(bool)p!["isDefault"]!).Select(p => (int)p!["id"]!).ShouldBe(order);
        ((int)(await GetAsync(admin, withContract))["sla"]!["policy"]!["id"]!).ShouldBe((int)teamWide["id"]!);
        (await QueueDueAsync(admin, team, withContract)).ShouldBe(Time(a["createdAt"]) + TimeSpan.FromMinutes(30), TimeSpan.FromMilliseconds(1));

        // Limited to paid customers, the team-wide policy lets the free requester's ticket fall to the default.
        var edited = await admin.Client.PutAsJsonAsync($"/api/v1/sla-policies/{(int)teamWide["id"]!}", Policy("Nhóm riêng, trả phí", new { teamId = team, plan = "paid" }, firstResponse: 30));
        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        ((string)(await edited.ReadJsonAsync())["conditions"]!["plan"]!).ShouldBe("paid");
        ((string)(await GetAsync(admin, without))["sla"]!["policy"]!["name"]!).ShouldBe("Mặc định");
        ((int)(await GetAsync(admin, withContract))["sla"]!["policy"]!["id"]!).ShouldBe((int)teamWide["id"]!);
        (await QueueDueAsync(admin, team, without)).ShouldBe(Time(b["createdAt"]) + TimeSpan.FromMinutes(60), TimeSpan.FromMilliseconds(1));
    }

    private static object Policy(string name, object? conditions, string calendar = "24x7", int firstResponse = 60, int? resolution = null, string[]? priorities = null) => new
    {
        name,
        calendar,
        conditions,
        targets = (priorities ?? ["urgent", "high", "medium", "low"]).Select(p => new
        {
            priority = p,
            firstResponseMinutes = firstResponse,
            nextResponseMinutes = (int?)null,
            resolutionMinutes = resolution,
        }).ToArray(),
    };

    private static async Task<JsonNode> CreatePolicyAsync(TestUser admin, object policy)
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/sla-policies", policy);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task ShouldRefuseAsync(Task<HttpResponseMessage> call, string field)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey(field).ShouldBeTrue(text);
    }

    /// <summary>The due time the queue stores for a ticket (what it sorts by).</summary>
    private static async Task<DateTimeOffset> QueueDueAsync(TestUser user, int team, long id)
    {
        var page = await (await user.Client.GetAsync($"/api/v1/tickets?view=queue&sort=due&team={team}&limit=200")).ReadJsonAsync();
        return Time(page["items"]!.AsArray().Single(i => (long)i!["id"]! == id)!["slaDueAt"]);
    }

    private static async Task<long> CreateAsync(TestUser user, string priority)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket($"khach-{Guid.NewGuid():N}@acme.vn", "technical-fault", priority));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    private static async Task<JsonNode> GetAsync(TestUser user, long id)
    {
        var response = await user.Client.GetAsync($"/api/v1/tickets/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static JsonNode Clock(JsonNode ticket, string kind) =>
        ticket["sla"]!["clocks"]!.AsArray().Single(c => (string)c!["kind"]! == kind)!;

    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);
}

[Collection("sqlite")]
public sealed class SqliteSlaApiTests(SqliteApp app) : SlaApiTests(app);

[Collection("postgres")]
public sealed class PostgresSlaApiTests(PostgresApp app) : SlaApiTests(app);
