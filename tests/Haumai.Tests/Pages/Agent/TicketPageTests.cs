using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// The ticket page <c>/agent/tickets/{number}</c>: what it shows, what its forms change (checked in
/// the database and through the API), what it refuses, and who may not reach it.
/// </summary>
public abstract class TicketPageTests(HaumaiFactory app)
{
    private sealed record Desk(TestUser Admin, TestUser Lan, TestBrowser Browser, int Team, TestUser Customer, Organization Org);

    /// <summary>Agent Lan in a team of her own; a paying customer organization with a contract and one of its people.</summary>
    private async Task<Desk> DeskAsync()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lan, browser) = await app.SignedInAsync(Role.Agent, "Nguyễn Thị Lan");
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var org = await app.CreateOrganizationAsync(Plan.Paid);
        await app.WithDbAsync(async db =>
        {
            var stored = await db.Organizations.SingleAsync(o => o.Id == org.Id);
            stored.SignContract("HĐ-2026/015", new DateOnly(2026, 1, 1), null, "Hỗ trợ 24/7");
            return await db.SaveChangesAsync();
        });
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug, name: "Phạm Thu Hà");
        return new Desk(admin, lan, browser, team, customer, org);
    }

    private static Task<long> TicketAsync(Desk d, string subject = "Không gửi được email ra ngoài", object? patch = null) =>
        AgentWorkspace.TicketAsync(d.Admin, subject, patch ?? new { teamId = d.Team }, requester: d.Customer.Email);

    [Fact]
    public async Task The_page_shows_the_conversation_side_panel_sla_eta_customer_context_canned_responses_and_history()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d);
        var other = await TicketAsync(d, "Xin thêm hộp thư cho nhân viên mới");
        (await d.Admin.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Đã kiểm tra log máy chủ mail", @internal = true })).EnsureSuccessStatusCode();
        (await d.Customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Bên em vẫn chưa gửi được ạ" })).EnsureSuccessStatusCode();
        var otherTeam = await app.CreateTeamAsync();
        await app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.CannedResponses.Add(new CannedResponse("Chào hỏi", "Chào {{customer.name}}, em là {{agent.name}}, em đã nhận yêu cầu {{ticket.number}}.", null, now));
            db.CannedResponses.Add(new CannedResponse("Mẫu của nhóm", "Nhóm em đang xử lý {{ticket.subject}}.", d.Team, now));
            db.CannedResponses.Add(new CannedResponse("Mẫu nhóm khác", "Không được hiện ở đây.", otherTeam, now));
            return await db.SaveChangesAsync();
        });

        var html = await d.Browser.HtmlAsync($"/agent/tickets/{id}");

        html.ShouldContain("<h1 id=\"ticket-subject\" class=\"h4 mb-1\">Không gửi được email ra ngoài</h1>");
        html.ShouldContain("id=\"ticket-status\" class=\"badge status-new\">Mới<");
        Count(html, "<article id=\"message-").ShouldBe(3);
        html.ShouldContain("class=\"message from-staff internal\"");
        html.ShouldContain("<div class=\"message-body\">Đã kiểm tra log máy chủ mail</div>");
        html.ShouldContain("<div class=\"message-body\">Bên em vẫn chưa gửi được ạ</div>");
        html.ShouldContain("id=\"reply-body\"");
        html.ShouldContain("id=\"reply-attachments\"");
        html.ShouldContain("id=\"reply-submit\"");
        html.ShouldContain("id=\"note-submit\"");
        html.ShouldContain("id=\"solve\"");
        // SLA clocks and the ETA.
        html.ShouldContain("id=\"sla-clocks\"");
        html.ShouldContain("Phản hồi đầu tiên");
        html.ShouldContain("id=\"ticket-eta\"");
        // The customer's context: organization, plan, contract, other open tickets.
        html.ShouldContain($"id=\"customer-organization\">{d.Org.Name}<");
        html.ShouldContain("Trả phí");
        html.ShouldContain("HĐ-2026/015");
        html.ShouldContain("Đang hiệu lực");
        html.ShouldContain($"href=\"/agent/tickets/{other}\"");
        html.ShouldContain("Xin thêm hộp thư cho nhân viên mới");
        // Canned responses: global and the team's, placeholders filled in; not another team's.
        html.ShouldContain("id=\"canned-response\"");
        html.ShouldContain($"Chào Phạm Thu Hà, em là Nguyễn Thị Lan, em đã nhận yêu cầu #{id}.");
        html.ShouldContain("Nhóm em đang xử lý Không gửi được email ra ngoài.");
        html.ShouldNotContain("Mẫu nhóm khác");
        // The history, in Vietnamese.
        html.ShouldContain("id=\"ticket-history\"");
        html.ShouldContain("Tạo yêu cầu");
        html.ShouldContain("Nhóm: (không nhóm) → Nhóm thử nghiệm");
        html.ShouldContain("<kbd>r</kbd>");
        html.ShouldContain("<kbd>e</kbd>");
    }

    [Fact]
    public async Task A_reply_with_a_file_a_note_and_solve_through_the_page_forms_change_the_ticket()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d);
        var url = $"/agent/tickets/{id}";

        var reply = await PostReplyAsync(d.Browser, id, "Chào chị Hà, bên em đã mở lại cổng 587.", "reply", ("anh-chup.png", TestFiles.OnePixelPng()));
        reply.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        reply.Headers.Location!.ToString().ShouldStartWith($"{url}#message-");
        var ticket = await (await d.Admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["status"]!).ShouldBe("open"); // a public reply from staff opens a new ticket
        var sent = ticket["messages"]!.AsArray()[^1]!;
        ((string)sent["body"]!).ShouldBe("Chào chị Hà, bên em đã mở lại cổng 587.");
        ((bool)sent["internal"]!).ShouldBeFalse();
        ((int)sent["author"]!["id"]!).ShouldBe(d.Lan.Id);
        var file = sent["attachments"]!.AsArray().ShouldHaveSingleItem()!;
        ((string)file["fileName"]!).ShouldBe("anh-chup.png");

        var page = await d.Browser.HtmlAsync(url);
        page.ShouldContain($"<a class=\"attachment\" href=\"/api/v1/attachments/{(long)file["id"]!}\"");
        page.ShouldContain("class=\"message from-staff\"");
        var download = await d.Browser.GetAsync($"/api/v1/attachments/{(long)file["id"]!}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(TestFiles.OnePixelPng());

        var note = await PostReplyAsync(d.Browser, id, "Chờ bên hạ tầng xác nhận firewall.", "note");
        note.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.TicketMessages.Where(m => m.TicketId == id).OrderBy(m => m.Id).Select(m => m.IsInternal).ToListAsync()))
            .ShouldBe([false, false, true]);
        var asCustomer = await (await d.Customer.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        asCustomer["messages"]!.AsArray().Select(m => (string)m!["body"]!).ShouldNotContain("Chờ bên hạ tầng xác nhận firewall.");
        (await d.Browser.HtmlAsync(url)).ShouldContain("class=\"message from-staff internal\"");

        var solve = await d.Browser.PostPageFormAsync(url, $"{url}?handler=Update", ("Version", await VersionTextAsync(id)), ("Status", "solved"));
        solve.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        solve.Headers.Location!.ToString().ShouldBe(url);
        (await StatusAsync(id)).ShouldBe(TicketStatus.Solved);
        var solved = await d.Browser.HtmlAsync(url);
        solved.ShouldContain("id=\"ticket-status\" class=\"badge status-solved\">Đã giải quyết<");
        solved.ShouldContain("Trạng thái: Mới → Đang xử lý");
        solved.ShouldContain("Trạng thái: Đang xử lý → Đã giải quyết");
        solved.ShouldContain("id=\"solve\" type=\"submit\" class=\"btn btn-success\" disabled=\"disabled\"");
    }

    [Fact]
    public async Task The_side_panel_changes_priority_team_assignee_and_tags_in_one_save_through_the_ticket_rules()
    {
        var d = await DeskAsync();
        var binh = await app.CreateUserAsync(Role.Agent, name: "Trần Văn Bình");
        var second = await app.CreateTeamAsync(AssignmentMode.Manual, binh.Id, d.Lan.Id);
        var id = await TicketAsync(d);
        var url = $"/agent/tickets/{id}";

        var save = await d.Browser.PostPageFormAsync(url, $"{url}?handler=Update",
            ("Version", await VersionTextAsync(id)), ("Status", "pending"), ("Priority", "urgent"), ("TeamId", $"{second}"),
            ("AssigneeId", $"{binh.Id}"), ("Tags", "email, Khách VIP, email"));

        save.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var t = await app.WithDbAsync(db => db.Tickets.Include(x => x.Tags).SingleAsync(x => x.Id == id));
        t.Status.ShouldBe(TicketStatus.Pending);
        t.Priority.ShouldBe(Priority.Urgent);
        t.TeamId.ShouldBe(second);
        t.AssigneeId.ShouldBe(binh.Id);
        t.Tags.Select(x => x.Name).Order().ShouldBe(["email", "khách vip"]);
        var html = await d.Browser.HtmlAsync(url);
        html.ShouldContain("Mức độ ưu tiên: Trung bình → Khẩn cấp");
        html.ShouldContain("Người phụ trách: (chưa ai) → Trần Văn Bình");
        html.ShouldContain("value=\"email, khách vip\"");

        // Saving the panel as it is changes nothing (not even the version).
        var version = await VersionTextAsync(id);
        (await d.Browser.PostPageFormAsync(url, $"{url}?handler=Update", ("Version", version), ("Status", "pending"), ("Priority", "urgent"),
            ("TeamId", $"{second}"), ("AssigneeId", $"{binh.Id}"), ("Tags", "khách vip, email"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await VersionTextAsync(id)).ShouldBe(version);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_vietnamese_message_on_the_page_and_nothing_changes()
    {
        var d = await DeskAsync();
        var outsider = await app.CreateUserAsync(Role.Agent, name: "Người ngoài nhóm");
        var id = await TicketAsync(d);
        var url = $"/agent/tickets/{id}";
        var version = await VersionTextAsync(id);
        var messages = await MessageCountAsync(id);

        var empty = await PostReplyAsync(d.Browser, id, "   ", "reply");
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("Hãy viết nội dung trước.");
        var noKind = await PostReplyAsync(d.Browser, id, "Nội dung giữ lại", null);
        noKind.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var kept = await noKind.Content.ReadAsStringAsync();
        kept.ShouldContain("Hãy chọn gửi phản hồi hay thêm ghi chú nội bộ.");
        kept.ShouldContain(">Nội dung giữ lại</textarea>");
        var exe = await PostReplyAsync(d.Browser, id, "Gửi kèm file", "reply", ("setup.png", TestFiles.Executable()));
        exe.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await exe.Content.ReadAsStringAsync()).ShouldContain("Tệp “setup.png” rỗng hoặc không thuộc loại Haumai nhận");

        foreach (var (fields, status, message) in new[]
                 {
                     (new[] { ("Status", "burning") }, HttpStatusCode.BadRequest, "Hãy chọn trạng thái trong danh sách."),
                     (new[] { ("Status", "closed") }, HttpStatusCode.Conflict, "Yêu cầu đang ở trạng thái Mới không chuyển sang Đã đóng được."),
                     (new[] { ("Priority", "1") }, HttpStatusCode.BadRequest, "Hãy chọn mức độ ưu tiên trong danh sách."),
                     (new[] { ("TeamId", "999999") }, HttpStatusCode.BadRequest, "Hãy chọn nhóm trong danh sách."),
                     (new[] { ("AssigneeId", $"{outsider.Id}") }, HttpStatusCode.BadRequest, "Người phụ trách phải là thành viên nhóm của yêu cầu."),
                     (new[] { ("AssigneeId", $"{d.Customer.Id}") }, HttpStatusCode.BadRequest, "Người này không phải là nhân viên hỗ trợ đang hoạt động."),
                     (new[] { ("Tags", new string('x', 41)) }, HttpStatusCode.BadRequest, "Nhãn dài tối đa 40 ký tự."),
                     (new[] { ("Tags", string.Join(",", Enumerable.Range(1, 21))) }, HttpStatusCode.BadRequest, "Mỗi yêu cầu có tối đa 20 nhãn."),
                 })
        {
            var response = await d.Browser.PostPageFormAsync(url, $"{url}?handler=Update", [("Version", version), .. fields]);
            response.StatusCode.ShouldBe(status, message);
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain(message);
            html.ShouldContain("id=\"panel-error\"");
        }

        (await VersionTextAsync(id)).ShouldBe(version);
        (await MessageCountAsync(id)).ShouldBe(messages);
        (await StatusAsync(id)).ShouldBe(TicketStatus.New);
        (await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == id))).ShouldBe(0);
    }

    [Fact]
    public async Task A_change_from_a_stale_page_is_a_conflict_that_asks_to_reload_and_changes_nothing()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d);
        var url = $"/agent/tickets/{id}";
        var stale = await VersionTextAsync(id);
        var token = SignInHelper.AntiforgeryToken(await d.Browser.HtmlAsync(url));

        // Meanwhile a colleague lowers the priority.
        (await d.Admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { priority = "low" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await d.Browser.PostFormAsync($"{url}?handler=Update",
            [new("Version", stale), new("Priority", "urgent"), new(SignInHelper.TokenField, token)]);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Người khác vừa thay đổi yêu cầu này trong lúc bạn đang mở");
        (await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Priority).SingleAsync())).ShouldBe(Priority.Low);

        // The solve button of the stale page is refused the same way.
        var solve = await d.Browser.PostFormAsync($"{url}?handler=Update", [new("Version", stale), new("Status", "solved"), new(SignInHelper.TokenField, token)]);
        solve.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StatusAsync(id)).ShouldBe(TicketStatus.New);
    }

    [Fact]
    public async Task Every_form_of_the_page_needs_the_antiforgery_token()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d);
        var url = $"/agent/tickets/{id}";
        var version = await VersionTextAsync(id);

        (await d.Browser.PostFormAsync($"{url}?handler=Update", [new("Version", version), new("Status", "solved")]))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await d.Browser.PostFormAsync($"{url}?handler=Reply", [new("Body", "Không có token"), new("kind", "reply")]))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A token of another person's session does not do either.
        var (_, mallory) = await app.SignedInAsync(Role.Agent);
        var foreign = SignInHelper.AntiforgeryToken(await mallory.HtmlAsync("/agent"));
        (await d.Browser.PostFormAsync($"{url}?handler=Reply", [new("Body", "Token lạ"), new("kind", "reply"), new(SignInHelper.TokenField, foreign)]))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await StatusAsync(id)).ShouldBe(TicketStatus.New);
        (await MessageCountAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_agent_outside_the_tickets_team_gets_not_found_for_its_page_and_every_form_of_it()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d, "Chỉ nhóm của Lan được xem");
        var (sales, browser) = await app.SignedInAsync(Role.Agent, "Nhân viên kinh doanh");
        await app.AddToTeamAsync("sales", sales.Id);
        var url = $"/agent/tickets/{id}";
        var version = await VersionTextAsync(id);

        var page = await browser.HtmlAsync(url, HttpStatusCode.NotFound);
        page.ShouldContain("Không tìm thấy trang");
        page.ShouldNotContain("Chỉ nhóm của Lan được xem");
        (await browser.PostPageFormAsync("/agent", $"{url}?handler=Update", ("Version", version), ("Status", "solved")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var reply = await PostReplyAsync(browser, id, "Tôi trả lời hộ", "reply", ("x.png", TestFiles.OnePixelPng()), tokenPage: "/agent");
        reply.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await reply.Content.ReadAsStringAsync()).ShouldNotContain("Chỉ nhóm của Lan được xem");
        AgentWorkspace.Numbers(await browser.HtmlAsync("/agent?view=all")).ShouldNotContain(id);
        (await (await browser.GetAsync($"/agent?handler=Rows&q={id}")).Content.ReadAsStringAsync()).ShouldNotContain("Chỉ nhóm của Lan");

        (await StatusAsync(id)).ShouldBe(TicketStatus.New);
        (await MessageCountAsync(id)).ShouldBe(1);
        (await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == id))).ShouldBe(0);
        (await browser.HtmlAsync("/agent/tickets/99999999", HttpStatusCode.NotFound)).ShouldContain("Không tìm thấy trang");
    }

    [Fact]
    public async Task What_customers_typed_is_shown_as_text_never_as_markup()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d, "<script>alert('tiêu đề')</script>");
        (await d.Customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "<img src=x onerror=alert(1)>" })).EnsureSuccessStatusCode();

        var html = await d.Browser.HtmlAsync($"/agent/tickets/{id}");
        var queue = await d.Browser.HtmlAsync("/agent?view=all");

        foreach (var page in new[] { html, queue })
        {
            page.ShouldNotContain("<script>alert");
            page.ShouldContain("&lt;script&gt;");
        }
        html.ShouldNotContain("<img src=x");
        html.ShouldContain("&lt;img src=x");
    }

    [Fact]
    public async Task A_good_file_beside_a_disguised_one_is_not_stored_either()
    {
        var d = await DeskAsync();
        var id = await TicketAsync(d);
        var url = $"/agent/tickets/{id}";
        var token = SignInHelper.AntiforgeryToken(await d.Browser.HtmlAsync(url));
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), SignInHelper.TokenField },
            { new StringContent("Hai tệp"), "Body" },
            { new StringContent("reply"), "kind" },
        };
        foreach (var (name, bytes) in new[] { ("tot.png", TestFiles.OnePixelPng()), ("gia.png", TestFiles.Executable()) })
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "Attachments", name);
        }

        var response = await d.Browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{url}?handler=Reply") { Content = form });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("gia.png");
        // Checked before anything is stored: the good file is not left on the ticket, unsent.
        (await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == id))).ShouldBe(0);
    }

    private static async Task<HttpResponseMessage> PostReplyAsync(TestBrowser browser, long id, string body, string? kind,
        (string Name, byte[] Bytes)? file = null, string? tokenPage = null)
    {
        var url = $"/agent/tickets/{id}";
        var token = SignInHelper.AntiforgeryToken(await browser.HtmlAsync(tokenPage ?? url));
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), SignInHelper.TokenField },
            { new StringContent(body), "Body" },
        };
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }
        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "Attachments", f.Name);
        }
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{url}?handler=Reply") { Content = form });
    }

    private static int Count(string html, string needle)
    {
        var count = 0;
        for (var at = html.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = html.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private Task<string> VersionTextAsync(long id) =>
        app.WithDbAsync(async db => (await db.Tickets.Where(t => t.Id == id).Select(t => t.Version).SingleAsync()).ToString(CultureInfo.InvariantCulture));

    private Task<TicketStatus> StatusAsync(long id) => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Status).SingleAsync());

    private Task<int> MessageCountAsync(long id) => app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == id));
}

[Collection("sqlite")]
public sealed class SqliteTicketPageTests(SqliteApp app) : TicketPageTests(app);

[Collection("postgres")]
public sealed class PostgresTicketPageTests(PostgresApp app) : TicketPageTests(app);
