using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Tickets;

/// <summary>The ticket API end to end, run once per database provider.</summary>
public abstract class TicketApiTests(HaumaiFactory app)
{
    [Fact]
    public async Task Creating_a_ticket_answers_201_with_location_number_and_routing()
    {
        var agent = await app.CreateUserAsync(Role.Admin);
        var requester = $"khach-{Guid.NewGuid():N}@acme.vn";

        var response = await agent.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(requester, "operations-incident"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticket = await response.ReadJsonAsync();
        var id = (long)ticket["id"]!;
        id.ShouldBeGreaterThanOrEqualTo(10001);
        ((string)ticket["number"]!).ShouldBe($"#{id}");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tickets/{id}");
        ((string)ticket["status"]!).ShouldBe("new");
        ((string)ticket["priority"]!).ShouldBe("high"); // the category's default
        ((string)ticket["category"]!).ShouldBe("operations-incident");
        ((string)ticket["requester"]!["email"]!).ShouldBe(requester);
        ((string)ticket["messages"]![0]!["body"]!).ShouldContain("502");
        ticket["createdAt"].ShouldNotBeNull();

        var fetched = await agent.Client.GetAsync($"/api/v1/tickets/{id}");
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await fetched.ReadJsonAsync())["subject"]!).ShouldBe("Website không truy cập được");
    }

    [Fact]
    public async Task Invalid_input_is_a_400_problem_naming_the_fields_and_writes_nothing()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());

        var response = await admin.Client.PostAsJsonAsync("/api/v1/tickets", new { subject = "", body = "x", priority = "critical", requester = new { email = "not-an-email" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        var errors = problem["errors"]!.AsObject();
        errors.ContainsKey("subject").ShouldBeTrue();
        errors.ContainsKey("priority").ShouldBeTrue();
        errors.ContainsKey("requester.email").ShouldBeTrue();
        (await app.WithDbAsync(db => db.Tickets.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Unknown_category_and_broken_json_name_the_field()
    {
        var admin = await app.CreateUserAsync(Role.Admin);

        var unknown = await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("a@acme.vn", "no-such-category"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("category").ShouldBeTrue();

        var broken = await admin.Client.PostAsync("/api/v1/tickets",
            new StringContent("{\"subject\": \"x\", \"body\": 12}", System.Text.Encoding.UTF8, "application/json"));
        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await broken.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("body").ShouldBeTrue();
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var huge = new string('a', 2 * 1024 * 1024);

        var response = await admin.Client.PostAsJsonAsync("/api/v1/tickets", new { subject = "x", body = huge, requester = new { email = "a@acme.vn" } });

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Status_moves_follow_T4_and_a_forged_transition_is_a_409()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(admin, "a@acme.vn");

        var forged = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "closed" });
        forged.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        ((string)(await forged.ReadJsonAsync())["type"]!).ShouldEndWith("/invalid-status-transition");

        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "pending" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reopen = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "open" });
        reopen.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var ticket = await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["status"]!).ShouldBe("closed");
        var types = ticket["events"]!.AsArray().Select(e => (string)e!["type"]!).ToList();
        types.Count(t => t == "status_changed").ShouldBe(3);
    }

    [Fact]
    public async Task Patch_changes_priority_assignee_team_and_tags_and_records_each_change()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("technical", agent.Id);
        var id = await CreateAsync(admin, "a@acme.vn");

        var response = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}",
            new { priority = "urgent", assigneeId = agent.Id, tags = new[] { "VIP", "hosting" } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ticket = await response.ReadJsonAsync();
        ((string)ticket["priority"]!).ShouldBe("urgent");
        ((int)ticket["assignee"]!["id"]!).ShouldBe(agent.Id);
        ticket["tags"]!.AsArray().Select(t => (string)t!).ShouldBe(["hosting", "vip"]);
        var types = ticket["events"]!.AsArray().Select(e => (string)e!["type"]!).ToList();
        types.ShouldContain("priority_changed");
        types.ShouldContain("assigned");
        types.ShouldContain("tags_changed");

        var unassign = await admin.Client.PatchAsync($"/api/v1/tickets/{id}",
            new StringContent("{\"assigneeId\": null}", System.Text.Encoding.UTF8, "application/json"));
        (await unassign.ReadJsonAsync())["assignee"].ShouldBeNull();

        var bad = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "soon", colour = "red" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject();
        errors.ContainsKey("priority").ShouldBeTrue();
        errors.ContainsKey("colour").ShouldBeTrue();
    }

    [Fact]
    public async Task A_customer_cannot_read_another_customers_ticket_and_gets_404()
    {
        var customerA = await app.CreateUserAsync(Role.Customer);
        var customerB = await app.CreateUserAsync(Role.Customer);
        var id = await CreateAsync(customerA, null);

        (await customerA.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customerB.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await customerB.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await customerB.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "xin chào" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var queue = await (await customerB.Client.GetAsync("/api/v1/tickets?view=queue")).ReadJsonAsync();
        queue["items"]!.AsArray().ShouldNotContain(t => (long)t!["id"]! == id);
    }

    [Fact]
    public async Task An_org_admin_sees_the_organizations_tickets_but_not_other_organizations()
    {
        var org = await app.CreateOrganizationAsync();
        var other = await app.CreateOrganizationAsync();
        var colleague = await app.CreateUserAsync(Role.Customer, org.Slug);
        var orgAdmin = await app.CreateUserAsync(Role.Customer, org.Slug, orgAdmin: true);
        var outsider = await app.CreateUserAsync(Role.Customer, other.Slug, orgAdmin: true);
        var id = await CreateAsync(colleague, null);

        (await orgAdmin.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await outsider.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_agent_outside_the_team_gets_404_until_assigned()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var salesAgent = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("sales", salesAgent.Id);
        var id = await CreateAsync(admin, "a@acme.vn", "technical-fault");

        (await salesAgent.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await salesAgent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "open" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var sales = await CreateAsync(admin, "a@acme.vn", "sales-enquiry");
        (await salesAgent.Client.GetAsync($"/api/v1/tickets/{sales}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        (await agent.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await agent.Client.DeleteAsync($"/api/v1/tokens/{agent.TokenId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await agent.Client.GetAsync("/api/v1/tickets");
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/v1/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.ClientWithToken("hmi_forged").GetAsync("/api/v1/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Customers_cannot_write_internal_notes_nor_change_priority_and_never_see_notes()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var customer = await app.CreateUserAsync(Role.Customer);
        var id = await CreateAsync(customer, null);

        (await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "note", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await customer.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Khách này cần gọi lại", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Chúng tôi đang kiểm tra", @internal = false })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var seen = await (await customer.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        var bodies = seen["messages"]!.AsArray().Select(m => (string)m!["body"]!).ToList();
        bodies.ShouldContain("Chúng tôi đang kiểm tra");
        bodies.ShouldNotContain("Khách này cần gọi lại");
        seen["events"].ShouldBeNull();
        ((string)seen["status"]!).ShouldBe("open"); // a staff reply opens a new ticket
    }

    [Fact]
    public async Task Retrying_a_post_with_the_same_idempotency_key_returns_the_first_ticket()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var key = Guid.NewGuid().ToString();
        var body = Json.NewTicket("idem@acme.vn");

        async Task<HttpResponseMessage> Post(object b)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(b) };
            request.Headers.Add("Idempotency-Key", key);
            return await admin.Client.SendAsync(request);
        }

        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post(body)));
        var ids = new HashSet<long>();
        foreach (var r in responses)
        {
            r.StatusCode.ShouldBe(HttpStatusCode.Created);
            ids.Add((long)(await r.ReadJsonAsync())["id"]!);
        }
        ids.Count.ShouldBe(1);
        (await app.WithDbAsync(db => db.Tickets.CountAsync())).ShouldBe(before + 1);

        var other = await Post(Json.NewTicket("idem@acme.vn", subject: "Khác"));
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_queue_orders_by_priority_then_arrival_and_pages_by_cursor()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var team = await app.CreateTeamAsync();
        var created = new List<(long Id, string Priority)>();
        foreach (var p in new[] { "low", "urgent", "medium", "urgent", "high", "low", "medium" })
        {
            var id = await CreateAsync(admin, "q@acme.vn", "usage-guidance", p);
            (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { teamId = team })).EnsureSuccessStatusCode();
            created.Add((id, p));
        }
        var rank = new Dictionary<string, int> { ["urgent"] = 1, ["high"] = 2, ["medium"] = 3, ["low"] = 4 };
        var expected = created.OrderBy(c => rank[c.Priority]).ThenBy(c => c.Id).Select(c => c.Id).ToList();

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/tickets?view=queue&team={team}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await admin.Client.GetAsync(url)).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(t => (long)t!["id"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null && pages < 10);

        seen.ShouldBe(expected);
        pages.ShouldBe(3);

        var bad = await admin.Client.GetAsync("/api/v1/tickets?cursor=garbage");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("cursor").ShouldBeTrue();
    }

    [Fact]
    public async Task Round_robin_teams_assign_new_tickets_in_turn()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var a = await app.CreateUserAsync(Role.Agent);
        var b = await app.CreateUserAsync(Role.Agent);
        var teamId = await app.CreateTeamAsync(Haumai.Web.Features.Teams.AssignmentMode.RoundRobin, a.Id, b.Id);
        var slug = $"rr-{Guid.NewGuid():N}"[..20];
        var category = await admin.Client.PostAsJsonAsync("/api/v1/categories",
            new { slug, name = "Vòng tròn", nameEn = "Round robin", teamId, defaultPriority = "medium" });
        category.StatusCode.ShouldBe(HttpStatusCode.Created);

        var assignees = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var t = await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("rr@acme.vn", slug))).ReadJsonAsync();
            assignees.Add((int)t["assignee"]!["id"]!);
        }
        assignees.ShouldBe([a.Id, b.Id, a.Id, b.Id]);
    }

    private static async Task<long> CreateAsync(TestUser user, string? requester, string category = "technical-fault", string? priority = null)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(requester, category, priority));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }
}

[Collection("sqlite")]
public sealed class SqliteTicketApiTests(SqliteApp app) : TicketApiTests(app);

[Collection("postgres")]
public sealed class PostgresTicketApiTests(PostgresApp app) : TicketApiTests(app);
