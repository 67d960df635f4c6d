using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// /portal/tickets/{number}: the 404 page for anyone who may not see the ticket, the public
/// conversation only (internal notes and their files never reach the portal), replies with files,
/// and "mark as solved".
/// </summary>
public abstract class TicketPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task A_ticket_is_the_404_page_for_another_organization_and_for_a_colleague_who_is_no_org_admin()
    {
        var org = await app.CreateOrganizationAsync();
        var (owner, ownerBrowser) = await app.SignedInAsync(Role.Customer, org);
        var (_, colleague) = await app.SignedInAsync(Role.Customer, org);
        var (_, boss) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true);
        var (_, stranger) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync(), orgAdmin: true);
        var ticket = await owner.OpenTicketAsync("Bí mật của công ty A");
        var attachment = await UploadAndSendAsync(owner, ticket, "Tệp đính kèm", internalNote: false);

        (await ownerBrowser.PageAsync($"/portal/tickets/{ticket}")).ShouldContain("Bí mật của công ty A");
        (await boss.PageAsync($"/portal/tickets/{ticket}")).ShouldContain("Bí mật của công ty A");
        foreach (var outsider in new[] { stranger, colleague })
        {
            var page = await outsider.GetAsync($"/portal/tickets/{ticket}");
            page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var html = await page.Content.ReadAsStringAsync();
            html.ShouldContain("Không tìm thấy trang", customMessage: "the localized 404 page");
            html.ShouldNotContain("Bí mật của công ty A");
            (await outsider.GetAsync($"/portal/tickets/{ticket}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            // Nor can they write to it or close it.
            var token = await outsider.FormTokenAsync("/portal/profile");
            (await outsider.PostFormAsync($"/portal/tickets/{ticket}?handler=Reply", [new("ReplyBody", "Chen ngang"), new(SignInHelper.TokenField, token)]))
                .StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await outsider.PostFormAsync($"/portal/tickets/{ticket}?handler=Solve", [new(SignInHelper.TokenField, token)]))
                .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == ticket))).ShouldBe(2);
        (await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket).Select(t => t.Status).SingleAsync())).ShouldBe(TicketStatus.New);

        // An attachment id of another ticket does not open through this one.
        var mine = await owner.OpenTicketAsync("Một yêu cầu khác");
        (await ownerBrowser.GetAsync($"/portal/tickets/{mine}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Internal_notes_and_their_files_never_reach_the_portal()
    {
        var org = await app.CreateOrganizationAsync();
        var (customer, browser) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true);
        var admin = await app.CreateUserAsync(Role.Admin);
        var ticket = await customer.OpenTicketAsync("Máy chủ chậm");
        var noteFile = await UploadAndSendAsync(admin, ticket, "GHI-CHÚ-NỘI-BỘ: khách này hay đổi ý", internalNote: true);
        var replyFile = await UploadAndSendAsync(admin, ticket, "Chúng tôi đã khởi động lại máy chủ.", internalNote: false);

        var html = await browser.PageAsync($"/portal/tickets/{ticket}");

        html.ShouldContain("Chúng tôi đã khởi động lại máy chủ.");
        html.ShouldContain("Đội hỗ trợ", customMessage: "a staff reply is marked as the support team's");
        html.ShouldNotContain("GHI-CHÚ-NỘI-BỘ");
        html.ShouldNotContain("khách này hay đổi ý");
        html.ShouldNotContain($"/attachments/{noteFile}\"");
        html.ShouldContain($"/attachments/{replyFile}\"");
        System.Text.RegularExpressions.Regex.Matches(html, "class=\"message ").Count.ShouldBe(2);
        (await browser.GetAsync($"/portal/tickets/{ticket}/attachments/{noteFile}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync($"/portal/tickets/{ticket}/attachments/{replyFile}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reply_with_a_file_is_added_and_reopens_a_solved_ticket()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var ticket = await customer.OpenTicketAsync("Email không gửi được");
        var url = $"/portal/tickets/{ticket}";
        var page = await browser.PageAsync(url);
        foreach (var id in new[] { "ticket-subject", "ticket-status", "ticket-team", "ticket-eta", "reply-body", "reply-attachments", "reply-submit" })
        {
            page.ShouldContain($"id=\"{id}\"");
        }
        PortalKit.TextOf(page, "ticket-status").ShouldBe("Mới");
        PortalKit.TextOf(page, "ticket-team").ShouldBe("Hỗ trợ kỹ thuật");
        PortalKit.TextOf(page, "ticket-eta")!.ShouldMatch(@"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", "the ETA in the customer's time, day first");

        var solve = await browser.SubmitAsync(url, $"{url}?handler=Solve");
        solve.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var solved = await browser.PageAsync(url);
        PortalKit.TextOf(solved, "ticket-status").ShouldBe("Đã giải quyết");
        solved.ShouldNotContain("id=\"mark-solved\"");

        var pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
        var reply = await browser.SubmitWithFilesAsync(url, $"{url}?handler=Reply",
            [("ReplyBody", "Lỗi lại xuất hiện <b>sáng nay</b>.")], [("ReplyAttachments", pdf, "nhật ký.pdf", "application/pdf")]);

        reply.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reply.Content.ReadAsStringAsync());
        var saved = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).ThenInclude(m => m.Attachments).SingleAsync(t => t.Id == ticket));
        saved.Status.ShouldBe(TicketStatus.Open, "a customer's reply reopens a solved ticket");
        var last = saved.Messages.OrderBy(m => m.Id).Last();
        last.AuthorId.ShouldBe(customer.Id);
        last.IsInternal.ShouldBeFalse();
        last.Body.ShouldBe("Lỗi lại xuất hiện <b>sáng nay</b>.");
        last.Attachments.ShouldHaveSingleItem().FileName.ShouldBe("nhật ký.pdf");
        var after = await browser.PageAsync(url);
        after.ShouldContain("Lỗi lại xuất hiện &lt;b&gt;sáng nay&lt;/b&gt;.", customMessage: "what customers type is encoded");
        after.ShouldContain("Đã gửi phản hồi của bạn.");
        after.ShouldContain("nhật ký.pdf");
    }

    [Fact]
    public async Task An_empty_reply_or_a_bad_file_is_refused_with_a_message_and_nothing_is_added()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var ticket = await customer.OpenTicketAsync();
        var url = $"/portal/tickets/{ticket}";

        var empty = await browser.SubmitAsync(url, $"{url}?handler=Reply", ("ReplyBody", "   "));
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        PortalKit.TextOf(await empty.Content.ReadAsStringAsync(), "reply-body-error").ShouldBe("Hãy viết nội dung phản hồi trước.");

        var badFile = await browser.SubmitWithFilesAsync(url, $"{url}?handler=Reply", [("ReplyBody", "Kèm tệp")],
            [("ReplyAttachments", TestFiles.Executable(), "virus.exe", "application/octet-stream")]);
        badFile.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await badFile.Content.ReadAsStringAsync();
        PortalKit.TextOf(html, "reply-attachments-error")!.ShouldStartWith("virus.exe: loại tệp này không được chấp nhận.");
        html.ShouldContain(">Kèm tệp</textarea>", customMessage: "the reply typed stays in the form");

        (await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == ticket))).ShouldBe(1);
        (await app.WithDbAsync(db => db.TicketAttachments.CountAsync(a => a.TicketId == ticket))).ShouldBe(0);
    }

    [Fact]
    public async Task Subjects_and_messages_are_encoded_never_run()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var ticket = await customer.OpenTicketAsync("<script>alert('xss')</script>");

        var html = await browser.PageAsync($"/portal/tickets/{ticket}");

        html.ShouldNotContain("<script>alert");
        html.ShouldContain("&lt;script&gt;alert(");
        (await browser.PageAsync("/portal")).ShouldNotContain("<script>alert");
    }

    [Fact]
    public async Task An_unknown_ticket_number_is_the_404_page()
    {
        var (_, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());

        (await browser.GetAsync("/portal/tickets/99999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/portal/tickets/abc")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Uploads a PNG as <paramref name="author"/> and sends it with a message; returns the attachment id.</summary>
    private static async Task<long> UploadAndSendAsync(TestUser author, long ticket, string body, bool internalNote)
    {
        var upload = await author.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments", TestFiles.Form(TestFiles.OnePixelPng(), "anh.png", "image/png"));
        upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var id = (long)(await upload.ReadJsonAsync())["id"]!;
        var message = await author.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body, @internal = internalNote, attachmentIds = new[] { id } });
        message.StatusCode.ShouldBe(HttpStatusCode.Created, await message.Content.ReadAsStringAsync());
        return id;
    }
}

[Collection("sqlite")]
public sealed class SqliteTicketPageTests(SqliteApp app) : TicketPageTests(app);

[Collection("postgres")]
public sealed class PostgresTicketPageTests(PostgresApp app) : TicketPageTests(app);
