using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Eta;

/// <summary>
/// T6 over HTTP, once per database. Each test works in a team and a category of its own, so the
/// queue ahead is only what the test put there (the fixture's database is shared). The test clock
/// is real time plus what tests advanced: an ETA computed "from now" a moment after a reading is
/// checked to the minute.
/// </summary>
public abstract class EtaApiTests(HaumaiFactory app)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Exact = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_new_ticket_gets_a_computed_eta_that_staff_and_the_requester_see_in_the_team_calendars_offset()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var customer = await app.CreateUserAsync(Role.Customer);
        var (_, category) = await QueueAsync(admin, effort: 90);

        var response = await customer.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(null, category));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.ReadJsonAsync();
        created["eta"]!.AsObject().Select(p => p.Key).ShouldBe(["at", "source"]);
        ((string)created["eta"]!["source"]!).ShouldBe("computed");
        ((string)created["eta"]!["at"]!).ShouldEndWith("+07:00");
        Time(created["eta"]!["at"]).ShouldBe(Time(created["createdAt"]) + TimeSpan.FromMinutes(90), Exact);

        var id = (long)created["id"]!;
        foreach (var reader in new[] { customer, admin })
        {
            var fetched = await GetAsync(reader, id);
            Time(fetched["eta"]!["at"]).ShouldBe(Time(created["eta"]!["at"]), Exact);
        }
        var changed = EtaEvents(await GetAsync(admin, id)).ShouldHaveSingleItem();
        ((string)changed["source"]!).ShouldBe("computed");
        changed["from"].ShouldBeNull();
    }

    [Fact]
    public async Task On_an_office_hours_team_the_effort_counts_in_business_minutes()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (_, category) = await QueueAsync(admin, effort: 600, calendar: ICalendarSource.OfficeHours);

        var created = await CreateAsync(admin, category);

        var officeHours = (await app.WithScopeAsync(sp => sp.GetRequiredService<ICalendarSource>().FindAsync(ICalendarSource.OfficeHours).AsTask()))!;
        Time(created["eta"]!["at"]).ShouldBe(officeHours.AddBusinessMinutes(Time(created["createdAt"]), 600), Exact);
        ((string)created["eta"]!["at"]!).ShouldEndWith("+07:00");
        // 600 minutes is more than one office day (570): never the same day.
        Time(created["eta"]!["at"]).Date.ShouldBeGreaterThan(officeHours.ToCalendarTime(Time(created["createdAt"])).Date);
    }

    [Fact]
    public async Task An_agent_sets_the_eta_a_customer_cannot_and_clearing_it_returns_to_the_computed_one()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var customer = await app.CreateUserAsync(Role.Customer);
        var (_, category) = await QueueAsync(admin, effort: 90, members: agent.Id);
        var id = (long)(await (await customer.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(null, category))).ReadJsonAsync())["id"]!;

        var promise = new DateTimeOffset(DateTime.UtcNow.AddDays(3).Date.AddHours(10), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(7));
        var text = promise.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var set = await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = text });

        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var manual = await set.ReadJsonAsync();
        ((string)manual["eta"]!["source"]!).ShouldBe("manual");
        Time(manual["eta"]!["at"]).ShouldBe(promise);
        var recorded = EtaEvents(manual)[^1];
        ((string)recorded["source"]!).ShouldBe("manual");
        Time(recorded["to"]).ShouldBe(promise);
        ((int)manual["events"]!.AsArray()[^1]!["actorId"]!).ShouldBe(agent.Id);
        Time((await GetAsync(customer, id))["eta"]!["at"]).ShouldBe(promise);

        // A promise survives changes that would move a computed ETA.
        var raised = await (await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "urgent" })).ReadJsonAsync();
        ((string)raised["eta"]!["source"]!).ShouldBe("manual");

        foreach (var body in new object[] { new { eta = text }, new { eta = (string?)null } })
        {
            var refused = await customer.Client.PatchJsonAsync($"/api/v1/tickets/{id}", body);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var cleared = await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = (string?)null });
        var now = app.Clock.GetUtcNow();

        cleared.StatusCode.ShouldBe(HttpStatusCode.OK, await cleared.Content.ReadAsStringAsync());
        var computed = await cleared.ReadJsonAsync();
        ((string)computed["eta"]!["source"]!).ShouldBe("computed");
        Time(computed["eta"]!["at"]).ShouldBe(now + TimeSpan.FromMinutes(90), Minute);
        var back = EtaEvents(computed)[^1];
        ((string)back["source"]!).ShouldBe("computed");
        Time(back["from"]).ShouldBe(promise);
    }

    [Fact]
    public async Task Solving_removes_the_eta_and_reopening_computes_it_again()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (_, category) = await QueueAsync(admin, effort: 45);
        var id = (long)(await CreateAsync(admin, category))["id"]!;

        var solved = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved" })).ReadJsonAsync();

        solved["eta"].ShouldBeNull();
        var removed = EtaEvents(solved)[^1];
        removed["to"].ShouldBeNull();
        removed["source"].ShouldBeNull();
        (await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => new { t.EtaAt, t.EtaSource }).SingleAsync()))
            .ShouldBe(new { EtaAt = (DateTime?)null, EtaSource = (Haumai.Web.Features.Eta.EtaSource?)null });

        var cannot = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture) });
        await ShouldNameEtaAsync(cannot);

        var reopened = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "open" })).ReadJsonAsync();
        ((string)reopened["eta"]!["source"]!).ShouldBe("computed");
        Time(reopened["eta"]!["at"]).ShouldBe(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(45), Minute);
    }

    [Fact]
    public async Task A_higher_priority_ticket_ahead_moves_the_eta_of_a_later_one_when_it_changes()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var first = await app.CreateUserAsync(Role.Agent);
        var second = await app.CreateUserAsync(Role.Agent);
        var (_, category) = await QueueAsync(admin, effort: 120, members: [first.Id, second.Id]);

        var later = await CreateAsync(admin, category, "low");
        Time(later["eta"]!["at"]).ShouldBe(Time(later["createdAt"]) + TimeSpan.FromMinutes(120), Exact);
        var ahead = await CreateAsync(admin, category, "urgent");
        // The low ticket comes after the urgent one, not before: nothing is ahead of it.
        Time(ahead["eta"]!["at"]).ShouldBe(Time(ahead["createdAt"]) + TimeSpan.FromMinutes(120), Exact);

        var laterId = (long)later["id"]!;
        var moved = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{laterId}", new { priority = "medium" })).ReadJsonAsync();
        var now = app.Clock.GetUtcNow();

        // Ahead: the urgent ticket's 120 minutes shared by two agents = 60, then its own 120.
        Time(moved["eta"]!["at"]).ShouldBe(now + TimeSpan.FromMinutes(180), Minute);
        var change = EtaEvents(moved)[^1];
        Time(change["from"]).ShouldBe(Time(later["eta"]!["at"]), Exact);
        ((string)change["source"]!).ShouldBe("computed");

        // A change that moves the ETA by less than the noise threshold leaves it, and records nothing.
        var before = EtaEvents(moved).Count;
        var retagged = await (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{laterId}", new { status = "open" })).ReadJsonAsync();
        Time(retagged["eta"]!["at"]).ShouldBe(Time(moved["eta"]!["at"]), Exact);
        EtaEvents(retagged).Count.ShouldBe(before);
    }

    [Fact]
    public async Task A_bad_eta_is_refused_naming_the_field()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (_, category) = await QueueAsync(admin, effort: 30);
        var id = (long)(await CreateAsync(admin, category))["id"]!;

        foreach (var eta in new object[] { "ngày mai", "2031-01-01T10:00:00", "2031-01-01", 42, true, "2020-01-01T10:00:00+07:00" })
        {
            await ShouldNameEtaAsync(await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta }));
        }
        ((string)(await GetAsync(admin, id))["eta"]!["source"]!).ShouldBe("computed");
    }

    [Fact]
    public async Task Categories_carry_their_typical_effort()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var list = (await (await admin.Client.GetAsync("/api/v1/categories")).ReadJsonAsync()).AsArray();
        ((int)list.Single(c => (string)c!["slug"]! == "technical-fault")!["typicalEffortMinutes"]!).ShouldBe(240);
        ((int)list.Single(c => (string)c!["slug"]! == "usage-guidance")!["typicalEffortMinutes"]!).ShouldBe(30);

        var refused = await admin.Client.PostAsJsonAsync("/api/v1/categories", new { slug = $"eta-{Guid.NewGuid():N}"[..16], name = "Thử", nameEn = "Test", defaultPriority = "low", typicalEffortMinutes = 0 });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("typicalEffortMinutes").ShouldBeTrue();
    }

    /// <summary>A team of its own (on <paramref name="calendar"/>, with <paramref name="members"/>) and a category routed to it.</summary>
    private async Task<(int Team, string Category)> QueueAsync(TestUser admin, int effort, string calendar = ICalendarSource.TwentyFourSeven, params int[] members)
    {
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, members);
        await app.WithDbAsync(async db =>
        {
            (await db.Teams.SingleAsync(t => t.Id == team)).WorkBy(calendar);
            return await db.SaveChangesAsync();
        });
        var slug = $"eta-{Guid.NewGuid():N}"[..16];
        var response = await admin.Client.PostAsJsonAsync("/api/v1/categories", new
        {
            slug, name = "Thử ETA", nameEn = "ETA test", teamId = team, defaultPriority = "medium", typicalEffortMinutes = effort,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        ((int)(await response.ReadJsonAsync())["typicalEffortMinutes"]!).ShouldBe(effort);
        return (team, slug);
    }

    private static async Task<JsonNode> CreateAsync(TestUser staff, string category, string? priority = null)
    {
        var response = await staff.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket($"khach-{Guid.NewGuid():N}@acme.vn", category, priority));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<JsonNode> GetAsync(TestUser user, long id)
    {
        var response = await user.Client.GetAsync($"/api/v1/tickets/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static async Task ShouldNameEtaAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey("eta").ShouldBeTrue(text);
    }

    /// <summary>The data of the ticket's <c>eta_changed</c> events, oldest first (staff view).</summary>
    private static List<JsonNode> EtaEvents(JsonNode ticket) =>
        ticket["events"]!.AsArray().Where(e => (string)e!["type"]! == "eta_changed").Select(e => JsonNode.Parse((string)e!["data"]!)!).ToList();

    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);
}

[Collection("sqlite")]
public sealed class SqliteEtaApiTests(SqliteApp app) : EtaApiTests(app);

[Collection("postgres")]
public sealed class PostgresEtaApiTests(PostgresApp app) : EtaApiTests(app);
