using System.Net;
using System.Net.Http.Json;
using System.Text;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// E6 on the agent's ticket page: a received HTML mail is shown sanitised, its remote images
/// blocked until the agent asks for them (the whole page again, or only that message for htmx),
/// its inline image served by the agent's download URL, its quoted history folded.
/// </summary>
public abstract class MailHtmlPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_html_mail_is_shown_sanitised_with_its_inline_image_and_its_remote_images_blocked_until_asked_for()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lan, browser) = await app.SignedInAsync(Role.Agent, "Nguyễn Thị Lan");
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var png = TestFiles.OnePixelPng(0x11, 0x22, 0x33);
        var mail = await HtmlMail.IngestAsync(app, $"ha-{Guid.NewGuid():N}@khachhang.vn", png);
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{mail.TicketId}", new { teamId = team })).EnsureSuccessStatusCode();
        var page = $"/agent/tickets/{mail.TicketId}";
        var imageUrl = $"/api/v1/attachments/{mail.ImageId}";

        var response = await browser.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The policy lets https images load: the sanitiser decides which ones the page has at all.
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("img-src 'self' data: blob: https:;");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self';");
        HtmlMail.ShouldBeShownWithRemoteImagesBlocked(HtmlMail.SanitisedPart(html, mail.MessageId), page, mail.MessageId, imageUrl);
        html.ShouldNotContain("evil.example");
        html.ShouldNotContain("tracker.example");
        // The plain text stays one click away, and the inline image is listed with the files as well.
        html.ShouldContain("<summary class=\"small text-body-secondary\">Văn bản thuần</summary>");
        html.ShouldContain($"<a class=\"attachment\" href=\"{imageUrl}\"");

        await HtmlMail.ShouldShowImagesOnRequestAsync(browser, page, mail, imageUrl, png);
    }

    [Fact]
    public async Task Notes_and_replies_stay_plain_text_and_an_agent_outside_the_team_gets_neither_page_nor_image()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lan, browser) = await app.SignedInAsync(Role.Agent);
        var (_, outsider) = await app.SignedInAsync(Role.Agent);
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var mail = await HtmlMail.IngestAsync(app, $"minh-{Guid.NewGuid():N}@khachhang.vn", TestFiles.OnePixelPng());
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{mail.TicketId}", new { teamId = team })).EnsureSuccessStatusCode();
        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{mail.TicketId}/messages", new { body = "<b>ghi chú</b> nội bộ", @internal = true })).EnsureSuccessStatusCode();

        var html = await browser.HtmlAsync($"/agent/tickets/{mail.TicketId}");

        // A note is staff's own text, shown as text even when it looks like markup.
        html.ShouldContain("<div class=\"message-body\">&lt;b&gt;ghi chú&lt;/b&gt; nội bộ</div>");
        (await outsider.GetAsync($"/agent/tickets/{mail.TicketId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/agent/tickets/{mail.TicketId}?handler=MessageBody&message={mail.MessageId}&images=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/attachments/{mail.ImageId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_follow_up_by_mail_links_to_the_closed_ticket_it_follows()
    {
        var (_, browser) = await app.SignedInAsync(Role.Admin);
        var from = $"theo-{Guid.NewGuid():N}@khachhang.vn";
        var firstId = $"{Guid.NewGuid():N}@khachhang.vn";
        var first = await app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().IngestAsync(
            Encoding.UTF8.GetBytes($"From: <{from}>\r\nSubject: Lỗi cũ\r\nMessage-ID: <{firstId}>\r\n\r\nLỗi.\r\n"), InboundSource.Pipe, default));
        await app.WithDbAsync(async db =>
        {
            var t = await db.Tickets.FindAsync(first.TicketId!.Value);
            t!.ChangeStatus(Haumai.Web.Features.Tickets.TicketStatus.Solved, null, app.Clock.GetUtcNow().UtcDateTime);
            t.ChangeStatus(Haumai.Web.Features.Tickets.TicketStatus.Closed, null, app.Clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });
        var followUp = await app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().IngestAsync(
            Encoding.UTF8.GetBytes($"From: <{from}>\r\nSubject: Re: Lỗi cũ\r\nIn-Reply-To: <{firstId}>\r\nMessage-ID: <{Guid.NewGuid():N}@khachhang.vn>\r\n\r\nLại lỗi.\r\n"), InboundSource.Pipe, default));

        var html = await browser.HtmlAsync($"/agent/tickets/{followUp.TicketId}");

        html.ShouldContain($"<a id=\"follow-up-of\" href=\"/agent/tickets/{first.TicketId}\">· Tiếp nối yêu cầu #{first.TicketId}</a>");
    }

    [Fact]
    public async Task A_mail_whose_html_has_nothing_safe_to_show_is_shown_as_its_text_and_the_api_never_carries_the_html()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var (_, browser) = await app.SignedInAsync(Role.Admin);
        var raw = Encoding.UTF8.GetBytes($"From: <tuan-{Guid.NewGuid():N}@khachhang.vn>\r\nSubject: Thư chỉ có mã\r\nMessage-ID: <{Guid.NewGuid():N}@khachhang.vn>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nXin chào, đây là phần văn bản.\r\n"
            + "--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<script>alert('chỉ có script')</script>\r\n"
            + "--b--\r\n");
        var result = await app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().IngestAsync(raw, InboundSource.Pipe, default));
        var ticketId = result.TicketId!.Value;

        var html = await browser.HtmlAsync($"/agent/tickets/{ticketId}");

        // The text part is the body; the HTML is kept, but nothing of it is worth showing.
        html.ShouldContain("<div class=\"message-body\">Xin chào, đây là phần văn bản.</div>");
        html.ShouldNotContain("message-html");
        // Its own words only: other tests of the shared fixture may leave "alert(" in canned responses the page lists.
        html.ShouldNotContain("chỉ có script");
        var api = await admin.Client.GetStringAsync($"/api/v1/tickets/{ticketId}");
        api.ShouldContain("Xin chào, đây là phần văn bản.");
        api.ShouldNotContain("alert(");
        api.ShouldNotContain("bodyHtml", Case.Insensitive);
        api.ShouldNotContain("contentId", Case.Insensitive);
    }
}

[Collection("sqlite")]
public sealed class SqliteMailHtmlPageTests(SqliteApp app) : MailHtmlPageTests(app);

[Collection("postgres")]
public sealed class PostgresMailHtmlPageTests(PostgresApp app) : MailHtmlPageTests(app);
