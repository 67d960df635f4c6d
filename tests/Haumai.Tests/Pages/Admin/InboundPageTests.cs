using System.Net;
using System.Text;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/inbound (E1): what came in by mail, parked messages first, retried from the page; one message's MIME tree and raw bytes.</summary>
public abstract class InboundPageTests(HaumaiFactory app)
{
    private static string NewId() => $"<{Guid.NewGuid():N}@mail.khachhang.vn>";

    private static byte[] Mail(string? from, string subject, string body = "Nhờ anh chị xem giúp.") =>
        Encoding.UTF8.GetBytes(
            (from is null ? "" : $"From: {from}\r\n")
            + "To: hotro@haumai.vn\r\n"
            + $"Subject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n"
            + $"Message-ID: {NewId()}\r\nDate: Sun, 22 Nov 2026 09:00:00 +0700\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body + "\r\n");

    private Task<IngestMail.Result> IngestAsync(byte[] raw) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().IngestAsync(raw, InboundSource.Pipe, default));

    private Task<InboundMessage> StoredAsync(long id) =>
        app.WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>A message parked because its sender is deactivated; the sender, to reactivate.</summary>
    private async Task<(IngestMail.Result Parked, TestUser Sender)> ParkedFromDeactivatedAsync(string subject)
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        await app.SetActiveAsync(customer.Id, false);
        var parked = await IngestAsync(Mail(customer.Email, subject));
        parked.Outcome.ShouldBe(IngestMail.Outcome.Parked);
        return (parked, customer);
    }

    private async Task ShouldStillBeParkedAsync(long id, int attempts)
    {
        var stored = await StoredAsync(id);
        stored.State.ShouldBe(InboundState.Parked);
        stored.Attempts.ShouldBe(attempts);
    }

    [Fact]
    public async Task A_message_without_a_sender_is_listed_as_parked_and_stays_parked_on_retry()
    {
        var (admin, _) = await app.SignedInAsync();
        var subject = "Thư không có người gửi " + Guid.NewGuid().ToString("N")[..6];
        var parked = await IngestAsync(Mail(null, subject));
        parked.Outcome.ShouldBe(IngestMail.Outcome.Parked);

        // Parked is the tab shown first, with its count.
        var page = await admin.DocumentAsync("/admin/inbound");
        page.QuerySelector("#inbound-states a[aria-current=page]")!.GetAttribute("data-state").ShouldBe("parked");
        var count = int.Parse(page.QuerySelector("#inbound-states a[data-state=parked] [data-count]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
        count.ShouldBe(await app.WithDbAsync(db => db.Set<InboundMessage>().CountAsync(m => m.State == InboundState.Parked)));
        var row = page.QuerySelector($"#inbound tr[data-inbound-id=\"{parked.InboundId}\"]")!;
        row.TextContent.ShouldContain(subject);
        row.TextContent.ShouldContain("The message has no sender address (From).");
        row.TextContent.ShouldContain("Tạm giữ");
        row.TextContent.ShouldContain("Máy chủ thư (pipe)");
        row.QuerySelector("button[data-action=retry]").ShouldNotBeNull();

        var back = await admin.SubmitAsync("/admin/inbound", "Retry", ("id", parked.InboundId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("returnUrl", "/admin/inbound?state=parked")).ShouldRedirectAsync();

        back.ShouldBe("/admin/inbound?state=parked");
        var after = await admin.DocumentAsync(back);
        after.QuerySelector("#admin-warning")!.TextContent.ShouldContain("Vẫn tạm giữ: The message has no sender address (From).");
        await ShouldStillBeParkedAsync(parked.InboundId, attempts: 2);

        // The way back is a path of this site, never another one.
        (await admin.SubmitAsync("/admin/inbound", "Retry", ("id", parked.InboundId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("returnUrl", "https://evil.example/admin")).ShouldRedirectAsync()).ShouldBe("/admin/inbound");
    }

    [Fact]
    public async Task The_list_is_paged_newest_first_and_the_pages_keep_the_state()
    {
        var (admin, _) = await app.SignedInAsync();
        var marker = Guid.NewGuid().ToString("N")[..6];
        var ids = new List<long>();
        for (var i = 0; i <= IndexPageSize; i++)
        {
            ids.Add((await IngestAsync(Mail(null, $"Trang {marker} {i}"))).InboundId);
        }

        var first = await admin.DocumentAsync("/admin/inbound?state=parked");

        var rows = first.QuerySelectorAll("#inbound tr[data-inbound-id]").Select(r => long.Parse(r.GetAttribute("data-inbound-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        rows.Count.ShouldBe(IndexPageSize);
        rows.ShouldBe(ids.Skip(1).Reverse().ToList());
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        next.ShouldBe("/admin/inbound?state=parked&p=2");
        var second = await admin.DocumentAsync(next);
        second.QuerySelector("#inbound tr[data-inbound-id]")!.GetAttribute("data-inbound-id")
            .ShouldBe(ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        second.QuerySelector("#inbound-states a[aria-current=page]")!.GetAttribute("data-state").ShouldBe("parked");
    }

    private const int IndexPageSize = Haumai.Web.Pages.Admin.Inbound.IndexModel.PageSize;

    [Fact]
    public async Task A_parked_message_of_a_deactivated_sender_becomes_a_ticket_once_the_sender_is_active_again()
    {
        var (admin, _) = await app.SignedInAsync();
        var (parked, customer) = await ParkedFromDeactivatedAsync("Tài khoản bị khoá, mở giúp em");
        var url = $"/admin/inbound/{parked.InboundId}";
        (await admin.DocumentAsync(url)).QuerySelector("#inbound-reason")!.TextContent.ShouldContain("deactivated");

        await app.SetActiveAsync(customer.Id, true);
        // Retried from the message's own page, which comes back to itself.
        var back = await admin.SubmitAsync("/admin/inbound", "Retry", ("id", parked.InboundId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("returnUrl", url)).ShouldRedirectAsync();

        back.ShouldBe(url);
        var stored = await StoredAsync(parked.InboundId);
        stored.State.ShouldBe(InboundState.Processed);
        stored.TicketId.ShouldNotBeNull();
        var page = await admin.DocumentAsync(url);
        page.QuerySelector("#admin-flash")!.TextContent.ShouldContain($"Đã xử lý: đã tạo yêu cầu hỗ trợ #{stored.TicketId}.");
        page.QuerySelector("#inbound-state")!.GetAttribute("data-state").ShouldBe("processed");
        page.QuerySelector("#inbound-ticket")!.GetAttribute("href").ShouldBe($"/agent/tickets/{stored.TicketId}");
        page.QuerySelector("#retry").ShouldBeNull();

        var processed = await admin.DocumentAsync("/admin/inbound?state=processed");
        var row = processed.QuerySelector($"#inbound tr[data-inbound-id=\"{parked.InboundId}\"]")!;
        row.QuerySelector($"a[href=\"/agent/tickets/{stored.TicketId}\"]").ShouldNotBeNull();
        row.QuerySelector("button[data-action=retry]").ShouldBeNull();
        (await admin.DocumentAsync("/admin/inbound")).QuerySelector($"tr[data-inbound-id=\"{parked.InboundId}\"]").ShouldBeNull();
    }

    [Fact]
    public async Task The_detail_page_shows_the_MIME_tree_encoded_and_admins_download_the_raw_message()
    {
        var (admin, _) = await app.SignedInAsync();
        var raw = Mail(null, "<script>alert('xss')</script> Đơn hàng");
        var parked = await IngestAsync(raw);
        var url = $"/admin/inbound/{parked.InboundId}";

        var html = await admin.HtmlAsync(url);

        html.ShouldNotContain("<script>alert");
        var page = AdminForms.Parse(html);
        var inspection = page.QuerySelector("pre#inbound-inspection")!.TextContent;
        inspection.ShouldContain("<script>alert('xss')</script> Đơn hàng");
        inspection.ShouldContain("text/plain");
        page.QuerySelector("#inbound-reason")!.TextContent.ShouldContain("The message has no sender address (From).");
        page.QuerySelector("#download-raw")!.GetAttribute("href").ShouldBe($"{url}?handler=Raw");

        var download = await admin.GetAsync($"{url}?handler=Raw");

        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("message/rfc822");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe($"inbound-{parked.InboundId}.eml");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(raw);
        (await admin.GetAsync("/admin/inbound/999999999?handler=Raw")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/admin/inbound/999999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Agents_and_customers_are_refused_every_page_the_download_and_the_retry()
    {
        var parked = await IngestAsync(Mail(null, "Chỉ quản trị viên xem"));
        var id = parked.InboundId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (agent, _) = await app.SignedInAsync(Role.Agent);
        var (customer, _) = await app.SignedInAsync(Role.Customer);

        foreach (var browser in new[] { agent, customer })
        {
            foreach (var page in new[] { "/admin/inbound", "/admin/inbound?state=processed", $"/admin/inbound/{id}", $"/admin/inbound/{id}?handler=Raw" })
            {
                (await browser.GetAsync(page)).ShouldBeRefused(page);
            }
            var token = await browser.FormTokenAsync("/account/sign-in");
            (await browser.PostFormAsync("/admin/inbound?handler=Retry", [new("id", id), new(SignInHelper.TokenField, token)]))
                .ShouldBeRefused("/admin/inbound?handler=Retry");
        }
        await ShouldStillBeParkedAsync(parked.InboundId, attempts: 1);
    }

    [Fact]
    public async Task A_retry_without_the_antiforgery_token_is_a_400_and_changes_nothing()
    {
        var (admin, _) = await app.SignedInAsync();
        var (parked, customer) = await ParkedFromDeactivatedAsync("Giữ nguyên");
        await app.SetActiveAsync(customer.Id, true);

        var response = await admin.PostFormAsync("/admin/inbound?handler=Retry",
            [new("id", parked.InboundId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await ShouldStillBeParkedAsync(parked.InboundId, attempts: 1);
    }

    [Fact]
    public async Task The_navigation_and_the_overview_lead_to_mailboxes_and_inbound_mail()
    {
        var (admin, _) = await app.SignedInAsync();
        await IngestAsync(Mail(null, "Đếm trên trang tổng quan"));

        var page = await admin.DocumentAsync("/admin/inbound");

        page.QuerySelector("#admin-nav a[data-admin-section=inbound]")!.GetAttribute("aria-current").ShouldBe("page");
        page.QuerySelector("#admin-nav a[href=\"/admin/mailboxes\"]")!.TextContent.ShouldBe("Hộp thư");
        var overview = await admin.DocumentAsync("/admin");
        overview.QuerySelector("[data-admin-card=mailboxes]").ShouldNotBeNull();
        var parked = int.Parse(overview.QuerySelector("[data-admin-card=inbound] [data-count]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
        parked.ShouldBeGreaterThan(0);
        (await admin.HtmlAsync("/admin/inbound?culture=en-US")).ShouldContain("Inbound mail");
    }
}

[Collection("sqlite")]
public sealed class SqliteInboundPageTests(SqliteApp app) : InboundPageTests(app);

[Collection("postgres")]
public sealed class PostgresInboundPageTests(PostgresApp app) : InboundPageTests(app);
