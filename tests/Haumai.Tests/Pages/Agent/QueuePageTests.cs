using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// The queue page <c>/agent</c> over HTTP as a signed-in browser sees it: the saved views hold the
/// right tickets, filters and paging work, bad input is named and ignored, bulk actions change
/// tickets through the ticket rules and say what failed, and nobody but staff gets in.
/// </summary>
public abstract class QueuePageTests(HaumaiFactory app)
{
    /// <summary>
    /// Agent Lan in a new team with Bình; tickets of that team in every state, one assigned to
    /// her outside the team, one of another team and one solved. Her views hold exactly these.
    /// </summary>
    private async Task<(TestBrowser Lan, int LanId, Dictionary<string, long> Tickets)> TeamWithTicketsAsync()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lan, browser) = await app.SignedInAsync(Role.Agent, "Nguyễn Thị Lan");
        var binh = await app.CreateUserAsync(Role.Agent, name: "Trần Văn Bình");
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id, binh.Id);
        var tickets = new Dictionary<string, long>
        {
            ["mineHigh"] = await AgentWorkspace.TicketAsync(admin, "Máy in không in được hoá đơn", new { teamId = team, assigneeId = lan.Id, priority = "high" }),
            ["waiting"] = await AgentWorkspace.TicketAsync(admin, "Xin gửi lại file cấu hình VPN", new { teamId = team, status = "pending", priority = "low" }),
            ["binhUrgent"] = await AgentWorkspace.TicketAsync(admin, "Website sập toàn bộ", new { teamId = team, assigneeId = binh.Id, priority = "urgent" }),
            ["mineOutside"] = await AgentWorkspace.TicketAsync(admin, "Hỏi về hoá đơn tháng 11", new { assigneeId = lan.Id, priority = "medium" }),
            ["otherTeam"] = await AgentWorkspace.TicketAsync(admin, "Ticket của nhóm khác", new { priority = "urgent" }, category: "technical-fault"),
            ["solved"] = await AgentWorkspace.TicketAsync(admin, "Đã xử lý xong", new { teamId = team, status = "solved" }),
        };
        return (browser, lan.Id, tickets);
    }

    [Fact]
    public async Task Each_saved_view_shows_exactly_its_open_tickets_by_priority_and_counts_them()
    {
        var (lan, _, t) = await TeamWithTicketsAsync();

        var expected = new Dictionary<string, long[]>
        {
            ["mine"] = [t["mineHigh"], t["mineOutside"]],
            ["team"] = [t["binhUrgent"], t["mineHigh"], t["waiting"]],
            ["unassigned"] = [t["waiting"]],
            ["urgent"] = [t["binhUrgent"]],
            ["waiting"] = [t["waiting"]],
            ["all"] = [t["binhUrgent"], t["mineHigh"], t["mineOutside"], t["waiting"]],
        };
        foreach (var (view, numbers) in expected)
        {
            var html = await lan.HtmlAsync($"/agent?view={view}");
            AgentWorkspace.Numbers(html).ShouldBe(numbers, ignoreOrder: false, view);
            html.ShouldContain($"data-view=\"{view}\"");
            AgentWorkspace.Count(html, view).ShouldBe("", "the page shows before its counts");
        }
        // The counts come after the page, for every view at once.
        var counts = await lan.HtmlAsync("/agent?handler=Counts");
        counts.ShouldNotContain("<html");
        foreach (var (view, numbers) in expected)
        {
            AgentWorkspace.Count(counts, view).ShouldBe(numbers.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), view);
        }

        // No view: everything she may see. Another team's ticket is nowhere, whatever the filter.
        var all = await lan.HtmlAsync("/agent");
        all.ShouldContain("<table id=\"queue\"");
        AgentWorkspace.Numbers(all).ShouldBe(expected["all"]);
        all.ShouldNotContain("Ticket của nhóm khác");
        foreach (var query in new[] { "?status=new", "?priority=urgent", "?assignee=none", "?q=nh%C3%B3m%20kh%C3%A1c", $"?q={t["otherTeam"]}", "?sort=due" })
        {
            AgentWorkspace.Numbers(await lan.HtmlAsync("/agent" + query)).ShouldNotContain(t["otherTeam"], query);
        }
        // Solved tickets are found by asking for them.
        AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&status=solved")).ShouldBe([t["solved"]]);
    }

    [Fact]
    public async Task A_row_shows_number_subject_link_requester_status_priority_team_assignee_and_times_in_vietnamese()
    {
        var (lan, _, t) = await TeamWithTicketsAsync();

        var html = await lan.HtmlAsync("/agent?view=mine");

        var row = Row(html, t["mineHigh"]);
        row.ShouldContain($"href=\"/agent/tickets/{t["mineHigh"]}\"");
        row.ShouldContain($"#{t["mineHigh"]}");
        row.ShouldContain("Máy in không in được hoá đơn");
        row.ShouldContain("Trần Văn Minh");
        row.ShouldContain("badge status-new");
        row.ShouldContain("Mới");
        row.ShouldContain("priority-high");
        row.ShouldContain("Cao");
        row.ShouldContain("Nhóm thử nghiệm");
        row.ShouldContain("Nguyễn Thị Lan");
        row.ShouldContain("sla-clock");
        row.ShouldContain("<time datetime=");
        row.ShouldContain("vừa xong");
        row.ShouldContain("name=\"ids\"");
        html.ShouldContain("<html lang=\"vi\"");
        html.ShouldContain("Hàng đợi");
        html.ShouldContain("id=\"live-status\"");
        html.ShouldContain("/lib/signalr/signalr.min.js");
        html.ShouldContain("/js/agent.js");
        html.ShouldContain("data-search");
        html.ShouldContain("<kbd>j</kbd>");
    }

    [Fact]
    public async Task The_workspace_speaks_english_to_an_agent_who_chose_it()
    {
        var (lan, _, t) = await TeamWithTicketsAsync();

        // The language switch of the header, as she would click it.
        (await lan.PostPageFormAsync("/agent", "/account/language", ("language", "en"), ("returnUrl", "/agent?view=mine")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var queue = await lan.HtmlAsync("/agent?view=mine");
        var ticket = await lan.HtmlAsync($"/agent/tickets/{t["mineHigh"]}");

        queue.ShouldContain("<html lang=\"en\"");
        queue.ShouldContain(">Queue</h1>");
        queue.ShouldContain("Waiting on customer");
        queue.ShouldContain("Next SLA due");
        queue.ShouldNotContain("Hàng đợi");
        ticket.ShouldContain("First response");
        ticket.ShouldContain("Send reply");
        ticket.ShouldContain("Add internal note");
        ticket.ShouldNotContain("Gửi phản hồi");
    }

    [Fact]
    public async Task Filters_search_sort_and_keyset_paging_narrow_the_view_and_bad_input_is_named_not_guessed()
    {
        var (lan, lanId, t) = await TeamWithTicketsAsync();

        AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&priority=urgent")).ShouldBe([t["binhUrgent"]]);
        AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&assignee=me")).ShouldBe([t["mineHigh"], t["mineOutside"]]);
        AgentWorkspace.Numbers(await lan.HtmlAsync($"/agent?view=all&assignee={lanId}")).ShouldBe([t["mineHigh"], t["mineOutside"]]);
        AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&status=pending")).ShouldBe([t["waiting"]]);
        AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&q=ho%C3%A1%20%C4%91%C6%A1n")).ShouldBe([t["mineHigh"], t["mineOutside"]]);
        AgentWorkspace.Numbers(await lan.HtmlAsync($"/agent?view=all&q=%23{t["waiting"]}")).ShouldBe([t["waiting"]]);

        // A tag set on one ticket finds it.
        (await lan.PostPageFormAsync($"/agent/tickets/{t["waiting"]}", $"/agent/tickets/{t["waiting"]}?handler=Update",
            ("Version", (await VersionAsync(t["waiting"])).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Tags", "vpn, Khách VIP")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&tag=VPN")).ShouldBe([t["waiting"]]);

        // Two per page: urgent, high, then the next page has the rest; the cursor link carries the filters.
        var first = await lan.HtmlAsync("/agent?view=all&limit=2");
        AgentWorkspace.Numbers(first).ShouldBe([t["binhUrgent"], t["mineHigh"]]);
        var next = System.Text.RegularExpressions.Regex.Match(first, "id=\"queue-next\" [^>]*href=\"([^\"]+)\"|href=\"([^\"]+)\" rel=\"next\"");
        next.Success.ShouldBeTrue("no next page link");
        var nextUrl = System.Net.WebUtility.HtmlDecode(next.Groups[1].Success ? next.Groups[1].Value : next.Groups[2].Value);
        nextUrl.ShouldContain("limit=2");
        nextUrl.ShouldContain("view=all");
        AgentWorkspace.Numbers(await lan.HtmlAsync(nextUrl)).ShouldBe([t["mineOutside"], t["waiting"]]);

        // Nearest SLA due first: every row has a running clock here, so the order is by due time.
        var byDue = AgentWorkspace.Numbers(await lan.HtmlAsync("/agent?view=all&sort=due"));
        byDue.Order().ShouldBe(new[] { t["binhUrgent"], t["mineHigh"], t["mineOutside"], t["waiting"] }.Order());

        // Wrong values are named in Vietnamese and left out; the rest of the query still applies.
        var bad = await lan.HtmlAsync("/agent?view=everything&status=burning&priority=high&team=abc&sort=random&cursor=xyz&limit=5000");
        bad.ShouldContain("Không có chế độ xem “everything”");
        bad.ShouldContain("Không có trạng thái “burning”");
        bad.ShouldContain("Không có nhóm “abc”");
        bad.ShouldContain("Không có cách sắp xếp “random”");
        bad.ShouldContain("Liên kết trang này không (còn) hợp lệ");
        bad.ShouldContain("Mỗi trang hiện từ 1 đến 200 yêu cầu");
        AgentWorkspace.Numbers(bad).ShouldBe([t["mineHigh"]]);
        // Typed text is shown back encoded, never as markup.
        var script = await lan.HtmlAsync("/agent?status=%3Cscript%3Ealert(1)%3C/script%3E");
        script.ShouldNotContain("<script>alert(1)</script>");
        script.ShouldContain("&lt;script&gt;");
    }

    [Fact]
    public async Task The_rows_handler_answers_the_same_query_with_just_rows_counts_and_pager_for_the_live_queue()
    {
        var (lan, _, t) = await TeamWithTicketsAsync();

        var response = await lan.GetAsync("/agent?view=team&handler=Rows");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("<html");
        html.ShouldContain("<tbody id=\"queue-rows\">");
        html.ShouldContain("id=\"queue-counts\"");
        html.ShouldContain("id=\"queue-pager\"");
        AgentWorkspace.Numbers(html).ShouldBe([t["binhUrgent"], t["mineHigh"], t["waiting"]]);
        AgentWorkspace.Count(html, "mine").ShouldBe("2");
    }

    [Fact]
    public async Task Bulk_actions_go_through_the_ticket_rules_one_by_one_and_report_what_failed_and_why()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lan, browser) = await app.SignedInAsync(Role.Agent, "Nguyễn Thị Lan");
        var outsider = await app.CreateUserAsync(Role.Agent, name: "Người ngoài nhóm");
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var a = await AgentWorkspace.TicketAsync(admin, "Lỗi đồng bộ danh bạ", new { teamId = team });
        var b = await AgentWorkspace.TicketAsync(admin, "Không nhận được email", new { teamId = team, priority = "urgent" });
        var hidden = await AgentWorkspace.TicketAsync(admin, "Không phải của Lan", category: "technical-fault");
        var closed = await AgentWorkspace.TicketAsync(admin, "Đã đóng", new { teamId = team, status = "solved" });
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{closed}", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Assign to me: two of mine, one she may not see.
        var assign = await browser.PostPageFormAsync("/agent", "/agent?view=all&handler=Bulk",
            ("ids", $"{a}"), ("ids", $"{b}"), ("ids", $"{hidden}"), ("bulk", "assign"), ("bulkAssignee", "me"));
        assign.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        assign.Headers.Location!.ToString().ShouldBe("/agent?view=all");
        var report = await browser.HtmlAsync(assign.Headers.Location!.ToString());
        report.ShouldContain("Đã cập nhật 2 yêu cầu, 1 yêu cầu không cập nhật được:");
        report.ShouldContain($"#{hidden}: không tìm thấy, hoặc bạn không có quyền xem");
        report.ShouldNotContain("Không phải của Lan");
        (await AssigneeAsync(a)).ShouldBe(lan.Id);
        (await AssigneeAsync(b)).ShouldBe(lan.Id);
        (await AssigneeAsync(hidden)).ShouldBeNull();
        // Through the rules: the change is in each ticket's history, made by Lan.
        (await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == a && e.Type == "assigned" && e.ActorId == lan.Id))).ShouldBe(1);
        // The report is shown once.
        (await browser.HtmlAsync("/agent?view=all")).ShouldNotContain("Đã cập nhật 2 yêu cầu");

        // Someone outside the team cannot be given the team's tickets.
        var refused = await browser.PostPageFormAsync("/agent", "/agent?handler=Bulk", ("ids", $"{a}"), ("bulk", "assign"), ("bulkAssignee", $"{outsider.Id}"));
        (await browser.HtmlAsync(refused.Headers.Location!.ToString())).ShouldContain($"#{a}: nhân viên này không thuộc nhóm của yêu cầu");
        (await AssigneeAsync(a)).ShouldBe(lan.Id);

        // Status: pending for both; the closed one cannot move and says so.
        var status = await browser.PostPageFormAsync("/agent", "/agent?handler=Bulk",
            ("ids", $"{a}"), ("ids", $"{b}"), ("ids", $"{closed}"), ("bulk", "status"), ("bulkStatus", "pending"));
        var statusReport = await browser.HtmlAsync(status.Headers.Location!.ToString());
        statusReport.ShouldContain("Đã cập nhật 2 yêu cầu, 1 yêu cầu không cập nhật được:");
        statusReport.ShouldContain($"#{closed}: yêu cầu đang ở trạng thái Đã đóng không chuyển sang trạng thái đó được");
        (await StatusAsync(a)).ShouldBe(Haumai.Web.Features.Tickets.TicketStatus.Pending);
        (await StatusAsync(b)).ShouldBe(Haumai.Web.Features.Tickets.TicketStatus.Pending);
        (await StatusAsync(closed)).ShouldBe(Haumai.Web.Features.Tickets.TicketStatus.Closed);

        // A tag is added to the tags each ticket already has.
        await browser.PostPageFormAsync("/agent", "/agent?handler=Bulk", ("ids", $"{a}"), ("bulk", "tag"), ("bulkTag", "zalo"));
        var tag = await browser.PostPageFormAsync("/agent", "/agent?handler=Bulk", ("ids", $"{a}"), ("ids", $"{b}"), ("bulk", "tag"), ("bulkTag", " Khách VIP "));
        (await browser.HtmlAsync(tag.Headers.Location!.ToString())).ShouldContain("Đã cập nhật 2 yêu cầu.");
        (await TagsAsync(a)).ShouldBe(["khách vip", "zalo"]);
        (await TagsAsync(b)).ShouldBe(["khách vip"]);

        // Bad requests change nothing and say what to do.
        foreach (var (fields, message) in new (string Name, string Value)[][]
                 {
                     [("bulk", "assign"), ("bulkAssignee", "me")],
                     [("ids", $"{a}"), ("bulk", "explode")],
                     [("ids", $"{a}"), ("bulk", "status"), ("bulkStatus", "burning")],
                     [("ids", $"{a}"), ("bulk", "tag"), ("bulkTag", new string('x', 41))],
                 }.Zip(["Hãy chọn ít nhất một yêu cầu trước.", "Hãy chọn một thao tác.", "Hãy chọn một trạng thái.", "Nhãn dài tối đa 40 ký tự."]))
        {
            var before = await VersionAsync(a);
            var response = await browser.PostPageFormAsync("/agent", "/agent?handler=Bulk", fields);
            (await browser.HtmlAsync(response.Headers.Location!.ToString())).ShouldContain(message);
            (await VersionAsync(a)).ShouldBe(before);
        }
    }

    [Fact]
    public async Task A_bulk_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lan, browser) = await app.SignedInAsync(Role.Agent);
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var id = await AgentWorkspace.TicketAsync(admin, "Không có token", new { teamId = team });

        var response = await browser.PostFormAsync("/agent?handler=Bulk", [new("ids", $"{id}"), new("bulk", "assign"), new("bulkAssignee", "me")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await AssigneeAsync(id)).ShouldBeNull();
    }

    [Fact]
    public async Task Customers_and_strangers_never_get_into_the_workspace_nor_see_a_thing_of_other_organizations()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var team = await app.CreateTeamAsync();
        var secret = await AgentWorkspace.TicketAsync(admin, "Bí mật của công ty khác", new { teamId = team });
        var org = await app.CreateOrganizationAsync();
        var (_, customer) = await app.SignedInAsync(Role.Customer, "Khách tò mò", org.Slug);
        var anonymous = app.Browser();
        var portalToken = SignInHelper.AntiforgeryToken(await customer.HtmlAsync("/account/sign-in"));

        foreach (var url in new[] { "/agent", "/agent?view=all", "/agent?handler=Rows&view=all", $"/agent/tickets/{secret}" })
        {
            var asCustomer = await customer.GetAsync(url);
            asCustomer.StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
            (await asCustomer.Content.ReadAsStringAsync()).ShouldNotContain("Bí mật");

            var asNobody = await anonymous.GetAsync(url);
            asNobody.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            asNobody.Headers.Location!.AbsolutePath.ShouldBe("/account/sign-in");
        }
        var bulk = await customer.PostFormAsync("/agent?handler=Bulk",
            [new("ids", $"{secret}"), new("bulk", "status"), new("bulkStatus", "solved"), new(SignInHelper.TokenField, portalToken)]);
        ((int)bulk.StatusCode).ShouldBeOneOf([302, 403, 404]);
        var solve = await customer.PostFormAsync($"/agent/tickets/{secret}?handler=Update",
            [new("Version", "1"), new("Status", "solved"), new(SignInHelper.TokenField, portalToken)]);
        ((int)solve.StatusCode).ShouldBeOneOf([302, 403, 404]);
        (await StatusAsync(secret)).ShouldBe(Haumai.Web.Features.Tickets.TicketStatus.New);
    }

    private static string Row(string html, long id)
    {
        var start = html.IndexOf($"<tr data-ticket-number=\"{id}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(-1, $"no row for #{id}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private Task<int?> AssigneeAsync(long id) => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.AssigneeId).SingleAsync());

    private Task<Haumai.Web.Features.Tickets.TicketStatus> StatusAsync(long id) => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Status).SingleAsync());

    private Task<int> VersionAsync(long id) => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Version).SingleAsync());

    private Task<List<string>> TagsAsync(long id) => app.WithDbAsync(db => db.TicketTags.Where(t => t.TicketId == id).Select(t => t.Name).OrderBy(n => n).ToListAsync());
}

[Collection("sqlite")]
public sealed class SqliteQueuePageTests(SqliteApp app) : QueuePageTests(app);

[Collection("postgres")]
public sealed class PostgresQueuePageTests(PostgresApp app) : QueuePageTests(app);
