using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Tickets;

/// <summary>
/// Break-in attempts: every way one person might reach a ticket they may not see or change, and the
/// T4 rules that hold whoever asks.
/// </summary>
public abstract class PermissionTests(HaumaiFactory app)
{
    [Fact]
    public async Task A_customer_never_sees_another_customers_ticket_in_the_queue_whatever_the_filter()
    {
        var a = await app.CreateUserAsync(Role.Customer);
        var b = await app.CreateUserAsync(Role.Customer);
        var mine = await CreateAsync(a);
        var theirs = await CreateAsync(b);

        foreach (var query in new[] { "", "?view=queue", "?status=new", "?category=technical-fault", "?assignee=none", "?team=technical", "?limit=200" })
        {
            var response = await a.Client.GetAsync($"/api/v1/tickets{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            var ids = (await response.ReadJsonAsync())["items"]!.AsArray().Select(t => (long)t!["id"]!).ToList();
            ids.ShouldNotContain(theirs, query);
            ids.ShouldAllBe(id => id == mine, query);
        }
        var own = (await (await a.Client.GetAsync("/api/v1/tickets")).ReadJsonAsync())["items"]!.AsArray();
        own.Select(t => (long)t!["id"]!).ShouldBe([mine]);
    }

    [Fact]
    public async Task A_customer_cannot_reach_another_customers_ticket_through_its_attachments()
    {
        var a = await app.CreateUserAsync(Role.Customer);
        var b = await app.CreateUserAsync(Role.Customer);
        var theirs = await CreateAsync(b);
        var upload = await b.Client.PostAsync($"/api/v1/tickets/{theirs}/attachments", TestFiles.Form(TestFiles.OnePixelPng(), "b.png", "image/png"));
        upload.StatusCode.ShouldBe(HttpStatusCode.Created);
        var file = (long)(await upload.ReadJsonAsync())["id"]!;
        (await b.Client.PostAsJsonAsync($"/api/v1/tickets/{theirs}/messages", new { body = "Ảnh", attachmentIds = new[] { file } })).EnsureSuccessStatusCode();

        var download = await a.Client.GetAsync($"/api/v1/attachments/{file}");
        download.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await download.Content.ReadAsStringAsync()).ShouldNotContain("b.png");
        (await a.Client.PostAsync($"/api/v1/tickets/{theirs}/attachments", TestFiles.Form(TestFiles.OnePixelPng(), "a.png", "image/png")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await b.Client.GetAsync($"/api/v1/attachments/{file}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sales_agent_cannot_read_change_answer_or_list_a_technical_ticket()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var sales = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("sales", sales.Id);
        var id = await CreateAsync(admin, "kt@acme.vn", "technical-fault");
        var before = await VersionAsync(id);

        (await sales.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var change in new object[] { new { status = "solved" }, new { priority = "low" }, new { assigneeId = sales.Id }, new { tags = new[] { "x" } } })
        {
            var patch = await sales.Client.PatchJsonAsync($"/api/v1/tickets/{id}", change);
            patch.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            ((string)(await patch.ReadJsonAsync())["type"]!).ShouldEndWith("/not-found");
        }
        (await sales.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Tôi xử lý" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sales.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "ghi chú", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sales.Client.PostAsync($"/api/v1/tickets/{id}/attachments", TestFiles.Form(TestFiles.OnePixelPng(), "x.png", "image/png")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var query in new[] { "", "?team=technical", "?category=technical-fault", "?assignee=none" })
        {
            var ids = (await (await sales.Client.GetAsync($"/api/v1/tickets{query}")).ReadJsonAsync())["items"]!.AsArray().Select(t => (long)t!["id"]!);
            ids.ShouldNotContain(id, query);
        }

        (await VersionAsync(id)).ShouldBe(before);
        var ticket = await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["status"]!).ShouldBe("new");
        ((string)ticket["priority"]!).ShouldBe("high");
        ticket["assignee"].ShouldBeNull();
        ticket["messages"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_agent_assigned_a_ticket_outside_their_team_can_work_on_it_until_unassigned()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var sales = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("sales", sales.Id);
        var id = await CreateAsync(admin, "kt@acme.vn", "technical-fault");
        await app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            ticket.Assign(sales.Id, null, app.Clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });

        var read = await sales.Client.GetAsync($"/api/v1/tickets/{id}");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ticket = await read.ReadJsonAsync();
        ((string)ticket["category"]!).ShouldBe("technical-fault");
        ((int)ticket["assignee"]!["id"]!).ShouldBe(sales.Id);
        (await sales.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sales.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Em đang kiểm tra ạ" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var queue = await (await sales.Client.GetAsync("/api/v1/tickets?assignee=me")).ReadJsonAsync();
        queue["items"]!.AsArray().Select(t => (long)t!["id"]!).ShouldContain(id);

        var unassign = await admin.Client.PatchAsync($"/api/v1/tickets/{id}",
            new StringContent("{\"assigneeId\": null}", System.Text.Encoding.UTF8, "application/json"));
        unassign.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sales.Client.GetAsync($"/api/v1/tickets/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_customer_may_mark_their_ticket_solved_but_not_close_or_reopen_it_by_patch()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(customer);

        var solved = await customer.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved" });
        solved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await solved.ReadJsonAsync();
        ((string)body["status"]!).ShouldBe("solved");
        body["solvedAt"].ShouldNotBeNull();
        body["events"].ShouldBeNull(); // the history is for staff

        foreach (var status in new[] { "closed", "open", "pending" })
        {
            var refused = await customer.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status });
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, status);
            ((string)(await refused.ReadJsonAsync())["type"]!).ShouldEndWith("/forbidden");
        }
        // Solving plus anything else is not "only solving".
        (await customer.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved", priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var ticket = await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["status"]!).ShouldBe("solved");
        ticket["closedAt"].ShouldBeNull();
        var change = ticket["events"]!.AsArray().Where(e => (string)e!["type"]! == "status_changed").ShouldHaveSingleItem()!;
        ((int)change["actorId"]!).ShouldBe(customer.Id);
        Data(change).ShouldBe(("new", "solved"));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("solved")]
    public async Task A_customer_reply_reopens_a_ticket_waiting_on_them_and_the_change_is_recorded(string waiting)
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(customer);
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = waiting })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var reply = await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Vẫn còn lỗi ạ." });

        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticket = await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["status"]!).ShouldBe("open");
        ticket["solvedAt"].ShouldBeNull();
        // Reopening also brings back the ETA (T6), recorded after the change that caused it.
        var events = ticket["events"]!.AsArray().Where(e => (string)e!["type"]! != "eta_changed").ToList();
        var last = events.TakeLast(2).ToList();
        ((string)last[0]!["type"]!).ShouldBe("reply_added");
        ((int)last[0]!["actorId"]!).ShouldBe(customer.Id);
        ((string)last[1]!["type"]!).ShouldBe("status_changed");
        ((int)last[1]!["actorId"]!).ShouldBe(customer.Id);
        Data(last[1]!).ShouldBe((waiting, "open"));
        var queue = await (await admin.Client.GetAsync("/api/v1/tickets?status=open&limit=200")).ReadJsonAsync();
        queue["items"]!.AsArray().Select(t => (long)t!["id"]!).ShouldContain(id);
    }

    [Fact]
    public async Task An_internal_note_on_a_pending_ticket_leaves_it_pending()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(admin, "a@acme.vn");
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "pending" })).EnsureSuccessStatusCode();

        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Chờ khách", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Anh/chị kiểm tra giúp em" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        ((string)(await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync())["status"]!).ShouldBe("pending");
    }

    [Fact]
    public async Task A_closed_ticket_takes_no_message_nor_change_and_says_so_with_409()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(customer);
        foreach (var status in new[] { "solved", "closed" })
        {
            (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var messages = await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == id));

        foreach (var (user, body) in new (TestUser, object)[] { (customer, new { body = "Cho em hỏi thêm" }), (admin, new { body = "Bổ sung" }), (admin, new { body = "note", @internal = true }) })
        {
            var response = await user.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", body);
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            ((string)(await response.ReadJsonAsync())["type"]!).ShouldEndWith("/ticket-closed");
        }
        var patch = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "urgent" });
        patch.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        ((string)(await patch.ReadJsonAsync())["type"]!).ShouldEndWith("/ticket-closed");

        (await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == id))).ShouldBe(messages);
        var ticket = await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["status"]!).ShouldBe("closed");
        ((string)ticket["priority"]!).ShouldBe("high");
    }

    [Fact]
    public async Task A_patch_with_a_stale_if_match_is_a_409_and_changes_nothing()
    {
        var first = await app.CreateUserAsync(Role.Admin);
        var second = await app.CreateUserAsync(Role.Admin);
        var id = await CreateAsync(first, "a@acme.vn");
        var read = (int)(await (await first.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync())["version"]!;

        var theirs = await second.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "low" });
        theirs.StatusCode.ShouldBe(HttpStatusCode.OK);
        var current = (int)(await theirs.ReadJsonAsync())["version"]!;
        current.ShouldBeGreaterThan(read);

        var stale = await PatchIfMatchAsync(first, id, read, new { priority = "urgent" });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        ((string)(await stale.ReadJsonAsync())["type"]!).ShouldEndWith("/concurrent-update");
        var after = await (await first.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)after["priority"]!).ShouldBe("low");
        ((int)after["version"]!).ShouldBe(current);

        // A reply also changes the ticket: a version read before it is stale too.
        (await second.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Đã liên hệ khách" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PatchIfMatchAsync(first, id, current, new { priority = "urgent" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var fresh = (int)(await (await first.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync())["version"]!;
        var ok = await PatchIfMatchAsync(first, id, fresh, new { priority = "urgent" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string)(await ok.ReadJsonAsync())["priority"]!).ShouldBe("urgent");
    }

    private static async Task<HttpResponseMessage> PatchIfMatchAsync(TestUser user, long id, int version, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return await user.Client.SendAsync(request);
    }

    private Task<int> VersionAsync(long id) => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Version).SingleAsync());

    private static (string From, string To) Data(JsonNode statusEvent)
    {
        var data = JsonNode.Parse((string)statusEvent["data"]!)!;
        return ((string)data["from"]!, (string)data["to"]!);
    }

    private static async Task<long> CreateAsync(TestUser user, string? requester = null, string category = "technical-fault")
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(requester, category));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }
}

[Collection("sqlite")]
public sealed class SqlitePermissionTests(SqliteApp app) : PermissionTests(app);

[Collection("postgres")]
public sealed class PostgresPermissionTests(PostgresApp app) : PermissionTests(app);
