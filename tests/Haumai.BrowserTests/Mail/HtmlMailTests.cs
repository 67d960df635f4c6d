using System.Text;
using Haumai.BrowserTests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.BrowserTests.Mail;

/// <summary>
/// E6 in a real browser under the real Content-Security-Policy: a received HTML mail runs nothing,
/// its inline image loads from the ticket's files, its remote image is not even requested until
/// "Show images", which htmx swaps in without leaving the page, and its quoted history is folded.
/// </summary>
public sealed class HtmlMailTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string RemoteImage = "https://images.example/logo.png";

    [Fact]
    public async Task An_html_mail_runs_nothing_loads_its_inline_image_and_its_remote_image_only_when_asked()
    {
        var admin = await app.CreateStaffAsync(Role.Admin);
        var png = BrowserApp.TinyPng();
        var html = "<p>Chào anh chị, <b>máy in</b> báo lỗi.<img src=\"x\" onerror=\"window.__haumaiXss = 1\"></p>"
            + "<script>window.__haumaiXss = 2</script>"
            + "<p><img src=\"" + RemoteImage + "\" alt=\"Logo\" id=\"remote\"></p>"
            + "<p><img src=\"cid:anh-loi@khachhang.vn\" alt=\"Ảnh lỗi\"></p>"
            + "<div class=\"gmail_quote\"><div>Vào 20/11/2026, Hỗ trợ đã viết:</div><blockquote><p>Thư cũ đã trích dẫn</p></blockquote></div>";
        var raw = Encoding.ASCII.GetBytes(
            $"From: <lan-{Guid.NewGuid():N}@khachhang.vn>\r\nSubject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes("Máy in báo lỗi"))}?=\r\n"
            + $"Message-ID: <{Guid.NewGuid():N}@khachhang.vn>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"r\"\r\n\r\n"
            + "--r\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(Encoding.UTF8.GetBytes(html), Base64FormattingOptions.InsertLineBreaks) + "\r\n"
            + "--r\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <anh-loi@khachhang.vn>\r\n\r\n"
            + Convert.ToBase64String(png) + "\r\n--r--\r\n");
        var ingested = await app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().IngestAsync(raw, InboundSource.Pipe, default));
        var ticketId = ingested.TicketId!.Value;
        var messageId = await app.WithDbAsync(db => db.TicketMessages.Where(m => m.TicketId == ticketId).Select(m => m.Id).SingleAsync());

        await using var agent = await app.NewActorAsync("admin");
        // The remote host is the test's: every request to it is counted and answered with an image.
        var remoteRequests = 0;
        await agent.Context.RouteAsync("https://images.example/**", route =>
        {
            Interlocked.Increment(ref remoteRequests);
            return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "image/png", BodyBytes = png });
        });
        await app.SignInAsync(agent.Page, admin);
        var page = agent.Page;
        (await page.GotoAsync($"/agent/tickets/{ticketId}")).ShouldNotBeNull().Status.ShouldBe(200);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.EvaluateAsync("() => { window.__haumaiSameDocument = true; }");

        var body = page.Locator($"#message-html-{messageId}");
        await Expect(body.Locator(".message-html b")).ToHaveTextAsync("máy in");
        // The inline image came from the ticket's files, allowed by img-src 'self'.
        var inline = body.Locator("img[alt='Ảnh lỗi']");
        await Expect(inline).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/api/v1/attachments/\\d+$"));
        (await inline.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0);
        // Nothing the sender wrote ran, and the remote image was not fetched.
        (await page.EvaluateAsync<bool>("() => window.__haumaiXss === undefined")).ShouldBeTrue();
        remoteRequests.ShouldBe(0);
        await Expect(body.Locator("img#remote, img[src^='https:']")).ToHaveCountAsync(0);
        // The quoted history is folded until opened.
        await Expect(body.Locator("details.quoted blockquote")).ToBeHiddenAsync();
        await body.Locator("details.quoted > summary").ClickAsync();
        await Expect(body.Locator("details.quoted blockquote")).ToBeVisibleAsync();

        await body.Locator("a.show-images").ClickAsync();

        var remote = page.Locator($"#message-html-{messageId} img[src='{RemoteImage}']");
        await Expect(remote).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await remote.ElementHandleAsync());
        remoteRequests.ShouldBeGreaterThan(0);
        (await page.EvaluateAsync<bool>("() => window.__haumaiSameDocument === true")).ShouldBeTrue("htmx swapped the message in place");
        await Expect(page.Locator($"#message-html-{messageId} a.show-images")).ToHaveCountAsync(0);
        (await page.EvaluateAsync<bool>("() => window.__haumaiXss === undefined")).ShouldBeTrue();
        agent.AssertNoBrowserErrors();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
