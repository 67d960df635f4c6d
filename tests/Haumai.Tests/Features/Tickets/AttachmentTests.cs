using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Tickets;

/// <summary>
/// Files on tickets: stored on disk under a random name, checked by type and by content, served
/// back only to those who may see the message they belong to.
/// </summary>
public abstract class AttachmentTests(HaumaiFactory app)
{
    /// <summary>The file limit of <see cref="SmallLimitHost"/>.</summary>
    private const int SmallLimit = 1024;

    private static readonly ConditionalWeakTable<HaumaiFactory, WebApplicationFactory<Program>> SmallLimitHosts = new();

    private string AttachmentsDirectory => Path.Combine(app.DataDirectory, "attachments");

    [Fact]
    public async Task A_png_is_stored_sent_with_a_reply_and_downloaded_byte_for_byte()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);
        var ticket = await CreateTicketAsync(customer);
        var png = TestFiles.OnePixelPng();

        var upload = await customer.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments", TestFiles.Form(png, "ảnh lỗi 502.png", "image/png"));

        upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var attachment = await upload.ReadJsonAsync();
        var id = (long)attachment["id"]!;
        upload.Headers.Location!.ToString().ShouldBe($"/api/v1/attachments/{id}");
        ((string)attachment["fileName"]!).ShouldBe("ảnh lỗi 502.png");
        ((string)attachment["contentType"]!).ShouldBe("image/png");
        ((long)attachment["length"]!).ShouldBe(png.Length);
        attachment["messageId"].ShouldBeNull();
        ((string)attachment["url"]!).ShouldBe($"/api/v1/attachments/{id}");

        // On disk under the data folder, under a name the client did not choose.
        var row = await app.WithDbAsync(db => db.TicketAttachments.AsNoTracking().SingleAsync(a => a.Id == id));
        row.UploadedById.ShouldBe(customer.Id);
        row.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(png)));
        row.StorageKey.ShouldNotContain("502");
        row.StorageKey.ShouldNotContain("..");
        var path = Path.Combine(AttachmentsDirectory, row.StorageKey);
        Path.GetFullPath(path).ShouldStartWith(Path.GetFullPath(AttachmentsDirectory) + Path.DirectorySeparatorChar);
        (await File.ReadAllBytesAsync(path)).ShouldBe(png);

        var reply = await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body = "Ảnh chụp màn hình đây ạ.", attachmentIds = new[] { id } });

        reply.StatusCode.ShouldBe(HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        var message = await reply.ReadJsonAsync();
        var sent = message["attachments"]!.AsArray().ShouldHaveSingleItem()!;
        ((long)sent["id"]!).ShouldBe(id);
        ((long)sent["messageId"]!).ShouldBe((long)message["id"]!);
        var read = await (await admin.Client.GetAsync($"/api/v1/tickets/{ticket}")).ReadJsonAsync();
        read["messages"]!.AsArray().Last()!["attachments"]!.AsArray().Select(a => (long)a!["id"]!).ShouldBe([id]);

        foreach (var reader in new[] { customer, admin })
        {
            var download = await reader.Client.GetAsync($"/api/v1/attachments/{id}");
            download.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await download.Content.ReadAsByteArrayAsync()).ShouldBe(png);
            download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
            var disposition = download.Content.Headers.ContentDisposition!;
            disposition.DispositionType.ShouldBe("attachment");
            (disposition.FileNameStar ?? disposition.FileName!.Trim('"')).ShouldBe("ảnh lỗi 502.png");
            download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        }

        // Sent once: it cannot be sent again with another message.
        var again = await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body = "Gửi lại", attachmentIds = new[] { id } });
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("attachmentIds").ShouldBeTrue();
    }

    [Theory]
    [InlineData("setup.exe", "image/png")]
    [InlineData("anh.png", "image/png")]
    [InlineData("ghi-chu.txt", "text/plain")]
    [InlineData("setup.exe", "application/x-msdownload")]
    [InlineData("setup.exe", "application/octet-stream")]
    public async Task An_executable_is_refused_with_400_naming_file_and_nothing_is_stored(string fileName, string contentType)
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var before = await StoredAsync();

        var response = await customer.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments", TestFiles.Form(TestFiles.Executable(), fileName, contentType));

        await ShouldBeRefusedAsync(response, HttpStatusCode.BadRequest, "file");
        (await StoredAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("trang.html", "text/html", "<html><script>alert(document.cookie)</script></html>")]
    [InlineData("hinh.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("ma.js", "application/javascript", "alert(1)")]
    public async Task Types_a_browser_would_run_are_refused(string fileName, string contentType, string content)
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var before = await StoredAsync();

        var response = await customer.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments",
            TestFiles.Form(Encoding.UTF8.GetBytes(content), fileName, contentType));

        await ShouldBeRefusedAsync(response, HttpStatusCode.BadRequest, "file");
        (await StoredAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_empty_file_a_missing_field_and_a_non_form_body_are_refused()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var url = $"/api/v1/tickets/{ticket}/attachments";
        var before = await StoredAsync();

        await ShouldBeRefusedAsync(await customer.Client.PostAsync(url, TestFiles.Form([], "rong.png", "image/png")), HttpStatusCode.BadRequest, "file");

        var wrongField = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.OnePixelPng()), "upload", "anh.png" } };
        await ShouldBeRefusedAsync(await customer.Client.PostAsync(url, wrongField), HttpStatusCode.BadRequest, "file");

        var json = await customer.Client.PostAsJsonAsync(url, new { file = Convert.ToBase64String(TestFiles.OnePixelPng()) });
        json.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        (await StoredAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_a_413_and_nothing_is_stored()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var client = SmallLimitClient(customer);
        var url = $"/api/v1/tickets/{ticket}/attachments";
        var before = await StoredAsync();

        // Just over the limit: refused once the form is read.
        await ShouldBeRefusedAsync(await client.PostAsync(url, TestFiles.Form(PngOfLength(SmallLimit + 1), "lon.png", "image/png")), HttpStatusCode.RequestEntityTooLarge);
        // Far over it: refused from the declared length, before the body is read.
        await ShouldBeRefusedAsync(await client.PostAsync(url, TestFiles.Form(PngOfLength(200 * 1024), "rat-lon.png", "image/png")), HttpStatusCode.RequestEntityTooLarge);
        (await StoredAsync()).ShouldBe(before);

        // At the limit it is accepted: the limit is the configured one, not a blanket refusal.
        var fits = await client.PostAsync(url, TestFiles.Form(PngOfLength(SmallLimit), "vua.png", "image/png"));
        fits.StatusCode.ShouldBe(HttpStatusCode.Created, await fits.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_chunked_upload_over_the_file_limit_is_a_413_too()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var before = await StoredAsync();

        var response = await SmallLimitClient(customer).PostAsync($"/api/v1/tickets/{ticket}/attachments", ChunkedForm(SmallLimit * 2));

        await ShouldBeRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadJsonAsync())["detail"]!.ToString().ShouldContain("1 KB");
        (await StoredAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_chunked_upload_far_over_the_limit_is_a_413_not_a_500()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var before = await StoredAsync();

        var response = await SmallLimitClient(customer).PostAsync($"/api/v1/tickets/{ticket}/attachments", ChunkedForm(200 * 1024));

        await ShouldBeRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await StoredAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_malformed_multipart_body_is_a_400_not_a_500()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(customer);
        var garbage = new ByteArrayContent("this is not a multipart body"u8.ToArray());
        garbage.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");

        var response = await customer.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments", garbage);

        await ShouldBeRefusedAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_customer_cannot_download_the_file_of_an_internal_note()
    {
        var customer = await app.CreateUserAsync(Role.Customer);
        var admin = await app.CreateUserAsync(Role.Admin);
        var ticket = await CreateTicketAsync(customer);
        var note = await UploadAsync(admin, ticket, "ghi-chu-noi-bo.png");
        var unsent = await UploadAsync(admin, ticket, "chua-gui.png");

        (await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body = "Nhật ký máy chủ", @internal = true, attachmentIds = new[] { note } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        await ShouldBeRefusedAsync(await customer.Client.GetAsync($"/api/v1/attachments/{note}"), HttpStatusCode.NotFound);
        await ShouldBeRefusedAsync(await customer.Client.GetAsync($"/api/v1/attachments/{unsent}"), HttpStatusCode.NotFound);
        (await admin.Client.GetAsync($"/api/v1/attachments/{note}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.GetAsync($"/api/v1/attachments/{unsent}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var seen = await (await customer.Client.GetAsync($"/api/v1/tickets/{ticket}")).ReadJsonAsync();
        seen.ToJsonString().ShouldNotContain("ghi-chu-noi-bo.png");

        // A customer's own upload is theirs to fetch before it is sent.
        var mine = await UploadAsync(customer, ticket, "cua-toi.png");
        (await customer.Client.GetAsync($"/api/v1/attachments/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_customer_cannot_reach_the_files_of_another_customers_ticket()
    {
        var owner = await app.CreateUserAsync(Role.Customer);
        var intruder = await app.CreateUserAsync(Role.Customer);
        var ticket = await CreateTicketAsync(owner);
        var theirs = await UploadAsync(owner, ticket, "hop-dong.png");
        (await owner.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body = "Hợp đồng", attachmentIds = new[] { theirs } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await StoredAsync();

        await ShouldBeRefusedAsync(await intruder.Client.GetAsync($"/api/v1/attachments/{theirs}"), HttpStatusCode.NotFound);
        await ShouldBeRefusedAsync(await intruder.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments",
            TestFiles.Form(TestFiles.OnePixelPng(), "chen.png", "image/png")), HttpStatusCode.NotFound);
        (await StoredAsync()).ShouldBe(before);

        // Nor can they take the file into a message of their own ticket.
        var own = await CreateTicketAsync(intruder);
        var steal = await intruder.Client.PostAsJsonAsync($"/api/v1/tickets/{own}/messages", new { body = "Của tôi", attachmentIds = new[] { theirs } });
        await ShouldBeRefusedAsync(steal, HttpStatusCode.BadRequest, "attachmentIds");
        (await app.WithDbAsync(db => db.TicketAttachments.SingleAsync(a => a.Id == theirs))).TicketId.ShouldBe(ticket);
    }

    [Fact]
    public async Task A_file_uploaded_to_one_ticket_cannot_be_sent_on_another()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var first = await CreateTicketAsync(admin, "a@acme.vn");
        var second = await CreateTicketAsync(admin, "a@acme.vn");
        var file = await UploadAsync(admin, first, "log.png");

        var response = await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{second}/messages", new { body = "Nhầm phiếu", attachmentIds = new[] { file } });

        await ShouldBeRefusedAsync(response, HttpStatusCode.BadRequest, "attachmentIds");
        (await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == second))).ShouldBe(1);
    }

    [Fact]
    public async Task A_cookie_upload_needs_the_antiforgery_token()
    {
        const string password = "Mat-khau-cookie-1";
        var customer = await app.CreateUserAsync(Role.Customer, password: password);
        var ticket = await CreateTicketAsync(customer);
        var browser = app.Browser();
        (await browser.SignInAsync(customer.Email, password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = $"/api/v1/tickets/{ticket}/attachments";
        var before = await StoredAsync();

        var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = TestFiles.Form(TestFiles.OnePixelPng(), "csrf.png", "image/png") });

        await ShouldBeRefusedAsync(forged, HttpStatusCode.Forbidden);
        (await StoredAsync()).ShouldBe(before);

        // With a token issued to the signed-in user (from a page's form), the same upload goes through.
        var token = await browser.FormTokenAsync();
        var real = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = TestFiles.Form(TestFiles.OnePixelPng(), "that.png", "image/png", (SignInHelper.TokenField, token)),
        });
        real.StatusCode.ShouldBe(HttpStatusCode.Created, await real.Content.ReadAsStringAsync());
    }

    private async Task<long> CreateTicketAsync(TestUser user, string? requester = null)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(requester));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    private static async Task<long> UploadAsync(TestUser user, long ticket, string fileName)
    {
        var response = await user.Client.PostAsync($"/api/v1/tickets/{ticket}/attachments", TestFiles.Form(TestFiles.OnePixelPng(), fileName, "image/png"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        if (field is not null)
        {
            (await response.ReadJsonAsync())["errors"]!.AsObject().ContainsKey(field).ShouldBeTrue(text);
        }
    }

    /// <summary>Attachment rows and files on disk, together.</summary>
    private async Task<(int Rows, int Files)> StoredAsync()
    {
        var rows = await app.WithDbAsync(db => db.TicketAttachments.CountAsync());
        var files = Directory.Exists(AttachmentsDirectory) ? Directory.GetFiles(AttachmentsDirectory, "*", SearchOption.AllDirectories).Length : 0;
        return (rows, files);
    }

    /// <summary>A PNG signature followed by padding: passes the content check at any size.</summary>
    private static byte[] PngOfLength(int length)
    {
        var png = TestFiles.OnePixelPng();
        var bytes = new byte[length];
        png.AsSpan(0, Math.Min(png.Length, length)).CopyTo(bytes);
        return bytes;
    }

    /// <summary>A PNG-looking file in a form of unknown length: the client sends it chunked.</summary>
    private static MultipartFormDataContent ChunkedForm(int length)
    {
        var form = new MultipartFormDataContent();
        var file = new StreamContent(new UnseekableStream(PngOfLength(length)));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "khong-do-dai.png");
        form.Headers.ContentLength.ShouldBeNull();
        return form;
    }

    /// <summary>The app with <c>Attachments:MaxBytes</c> of 1 KB, on the same database and data folder.</summary>
    private HttpClient SmallLimitClient(TestUser user)
    {
        WebApplicationFactory<Program> host;
        lock (SmallLimitHosts)
        {
            host = SmallLimitHosts.GetValue(app, a => a.WithWebHostBuilder(b =>
                b.UseSetting("Attachments:MaxBytes", SmallLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    /// <summary>A body of unknown length, so the client sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

[Collection("sqlite")]
public sealed class SqliteAttachmentTests(SqliteApp app) : AttachmentTests(app);

[Collection("postgres")]
public sealed class PostgresAttachmentTests(PostgresApp app) : AttachmentTests(app);
