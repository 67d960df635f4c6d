using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// /portal/tickets/new: a multipart form with antiforgery opens a portal ticket for the customer
/// with its files on the description; a form with one bad file, or a missing field, opens nothing.
/// </summary>
public abstract class NewTicketPageTests(HaumaiFactory app)
{
    private const string Page = "/portal/tickets/new";

    [Fact]
    public async Task A_ticket_with_an_attachment_is_opened_for_the_customer_and_routed_by_its_category()
    {
        var org = await app.CreateOrganizationAsync();
        var (customer, browser) = await app.SignedInAsync(Role.Customer, org);
        var form = await browser.PageAsync(Page);
        foreach (var id in new[] { "Subject", "Body", "CategoryId", "Priority", "Attachments", "submit-ticket" })
        {
            form.ShouldContain($"id=\"{id}\"");
        }
        form.ShouldContain("enctype=\"multipart/form-data\"");
        form.ShouldContain("Lỗi kỹ thuật", customMessage: "categories are named in Vietnamese");
        var png = TestFiles.OnePixelPng();
        var category = await CategoryIdAsync("technical-fault");

        var response = await browser.SubmitWithFilesAsync(Page, Page,
            [("Subject", "Trang quản trị báo lỗi 500"), ("Body", "Từ 9 giờ sáng không vào được trang quản trị.\nẢnh chụp kèm theo."),
             ("CategoryId", category), ("Priority", "high")],
            [("Attachments", png, "ảnh lỗi.png", "image/png")]);

        var number = PortalKit.TicketNumberOf(response);
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).ThenInclude(m => m.Attachments).SingleAsync(t => t.Id == number));
        ticket.RequesterId.ShouldBe(customer.Id);
        ticket.OrganizationId.ShouldBe(org.Id);
        ticket.Channel.ShouldBe(Channel.Portal);
        ticket.Priority.ShouldBe(Priority.High);
        ticket.Subject.ShouldBe("Trang quản trị báo lỗi 500");
        var technical = await app.WithDbAsync(db => db.Teams.Where(t => t.Slug == "technical").Select(t => t.Id).SingleAsync());
        ticket.TeamId.ShouldBe(technical);
        var description = ticket.Messages.ShouldHaveSingleItem();
        description.Body.ShouldBe("Từ 9 giờ sáng không vào được trang quản trị.\nẢnh chụp kèm theo.");
        var attachment = description.Attachments.ShouldHaveSingleItem();
        attachment.FileName.ShouldBe("ảnh lỗi.png");
        attachment.ContentType.ShouldBe("image/png");
        attachment.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(png)));

        var page = await browser.PageAsync($"/portal/tickets/{number}");
        PortalKit.TextOf(page, "ticket-subject").ShouldBe("Trang quản trị báo lỗi 500");
        page.ShouldContain($"href=\"/portal/tickets/{number}/attachments/{attachment.Id}\"");
        page.ShouldContain("class=\"attachment\"");
        var download = await browser.GetAsync($"/portal/tickets/{number}/attachments/{attachment.Id}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(png);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    [Theory]
    [InlineData("setup.exe", "application/x-msdownload", "setup.exe: loại tệp này không được chấp nhận. Hãy gửi ảnh, PDF, văn bản, tài liệu Office hoặc tệp zip.")]
    [InlineData("anh.png", "image/png", "anh.png: nội dung tệp không khớp với loại tệp.")]
    public async Task A_refused_file_is_reported_and_nothing_is_opened(string fileName, string contentType, string message)
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var subject = PortalKit.Unique("Không được mở");
        var stored = CountStoredFiles();

        var response = await browser.SubmitWithFilesAsync(Page, Page,
            [("Subject", subject), ("Body", "Kèm tệp."), ("CategoryId", await CategoryIdAsync("technical-fault"))],
            [("Attachments", TestFiles.OnePixelPng(), "hop-le.png", "image/png"), ("Attachments", TestFiles.Executable(), fileName, contentType)]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        PortalKit.TextOf(html, "Attachments-error").ShouldBe(message);
        PortalKit.ValueOf(html, "Subject").ShouldBe(subject, "what was typed stays in the form");
        (await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.RequesterId == customer.Id))).ShouldBeFalse();
        CountStoredFiles().ShouldBe(stored);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_the_limit_in_the_message()
    {
        // The same app and database, with a 1 KB limit for files.
        await using var host = app.BrowserHost().WithWebHostBuilder(b => b.UseSetting("Attachments:MaxBytes", "1024"));
        var customer = await app.CreateUserAsync(Role.Customer, (await app.CreateOrganizationAsync()).Slug, password: PortalKit.Password);
        var browser = new TestBrowser(host, System.Net.IPAddress.Parse("10.200.0.1"));
        (await browser.SignInAsync(customer.Email, PortalKit.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var big = new byte[2048];
        "%PDF-1.4\n"u8.CopyTo(big);

        var form = await browser.PageAsync(Page);
        form.ShouldContain("data-max-bytes=\"1024\"", customMessage: "the page tells its script the limit, to warn before uploading");
        var response = await browser.SubmitWithFilesAsync(Page, Page,
            [("Subject", "Tệp lớn"), ("Body", "Kèm tệp lớn."), ("CategoryId", await CategoryIdAsync("question"))],
            [("Attachments", big, "bao-cao.pdf", "application/pdf")]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        PortalKit.TextOf(await response.Content.ReadAsStringAsync(), "Attachments-error").ShouldBe("bao-cao.pdf lớn hơn 1 KB.");
        (await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.RequesterId == customer.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task Missing_fields_and_unknown_categories_are_refused_with_a_message()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var category = await CategoryIdAsync("question");

        var noSubject = await browser.SubmitWithFilesAsync(Page, Page, [("Subject", "  "), ("Body", "Nội dung"), ("CategoryId", category)], []);
        PortalKit.TextOf(await noSubject.Content.ReadAsStringAsync(), "Subject-error").ShouldBe("Hãy nhập tiêu đề.");

        var noCategory = await browser.SubmitWithFilesAsync(Page, Page, [("Subject", "Câu hỏi"), ("Body", "Nội dung"), ("CategoryId", "")], []);
        PortalKit.TextOf(await noCategory.Content.ReadAsStringAsync(), "CategoryId-error").ShouldBe("Hãy chọn một loại yêu cầu trong danh sách.");

        var badCategory = await browser.SubmitWithFilesAsync(Page, Page, [("Subject", "Câu hỏi"), ("Body", "Nội dung"), ("CategoryId", "abc")], []);
        PortalKit.TextOf(await badCategory.Content.ReadAsStringAsync(), "CategoryId-error").ShouldBe("Hãy chọn một loại yêu cầu trong danh sách.");

        var badPriority = await browser.SubmitWithFilesAsync(Page, Page, [("Subject", "Câu hỏi"), ("Body", "Nội dung"), ("CategoryId", category), ("Priority", "1")], []);
        PortalKit.TextOf(await badPriority.Content.ReadAsStringAsync(), "Priority-error").ShouldBe("Hãy chọn một mức độ ưu tiên trong danh sách.");

        (await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.RequesterId == customer.Id))).ShouldBeFalse();

        // Without a priority the category's default applies.
        var ok = await browser.SubmitWithFilesAsync(Page, Page, [("Subject", "Câu hỏi về hoá đơn"), ("Body", "Nội dung"), ("CategoryId", category), ("Priority", "")], []);
        var number = PortalKit.TicketNumberOf(ok);
        (await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).Select(t => t.Priority).SingleAsync())).ShouldBe(Priority.Low);
    }

    [Fact]
    public async Task The_form_refuses_a_post_without_the_antiforgery_token()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var form = new MultipartFormDataContent
        {
            { new StringContent("Giả mạo"), "Subject" },
            { new StringContent("Nội dung"), "Body" },
            { new StringContent(await CategoryIdAsync("question")), "CategoryId" },
        };

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Page) { Content = form });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.RequesterId == customer.Id))).ShouldBeFalse();
    }

    private Task<string> CategoryIdAsync(string slug) =>
        app.WithDbAsync(async db => (await db.Categories.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync()).ToString(CultureInfo.InvariantCulture));

    private int CountStoredFiles()
    {
        var dir = Path.Combine(app.DataDirectory, "attachments");
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count() : 0;
    }
}

[Collection("sqlite")]
public sealed class SqliteNewTicketPageTests(SqliteApp app) : NewTicketPageTests(app);

[Collection("postgres")]
public sealed class PostgresNewTicketPageTests(PostgresApp app) : NewTicketPageTests(app);
