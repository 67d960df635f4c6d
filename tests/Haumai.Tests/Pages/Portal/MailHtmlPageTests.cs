using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// E6 in the portal: the customer's own HTML mail is shown to them sanitised, as on the agent page,
/// with the inline image from the portal's download URL; another organization's customer reaches
/// neither the ticket, nor the message, nor the image.
/// </summary>
public abstract class MailHtmlPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task The_customer_sees_their_html_mail_sanitised_and_a_stranger_sees_nothing_of_it()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var (strangerUser, stranger) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync(), orgAdmin: true);
        var png = TestFiles.OnePixelPng(0x44, 0x55, 0x66);
        var mail = await HtmlMail.IngestAsync(app, customer.Email, png);
        var page = $"/portal/tickets/{mail.TicketId}";
        var imageUrl = $"{page}/attachments/{mail.ImageId}";

        var html = await browser.PageAsync(page);

        HtmlMail.ShouldBeShownWithRemoteImagesBlocked(HtmlMail.SanitisedPart(html, mail.MessageId), page, mail.MessageId, imageUrl);
        html.ShouldNotContain("tracker.example");
        await HtmlMail.ShouldShowImagesOnRequestAsync(browser, page, mail, imageUrl, png);

        // Another organization's customer (an org admin, even): the 404 page, for every way in.
        foreach (var url in new[] { page, $"{page}?images={mail.MessageId}", $"{page}?handler=MessageBody&message={mail.MessageId}&images=true", imageUrl })
        {
            var response = await stranger.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("máy in");
        }
        (await strangerUser.Client.GetAsync($"/api/v1/attachments/{mail.ImageId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await strangerUser.Client.GetAsync($"/api/v1/tickets/{mail.TicketId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")]
public sealed class SqliteMailHtmlPageTests(SqliteApp app) : MailHtmlPageTests(app);

[Collection("postgres")]
public sealed class PostgresMailHtmlPageTests(PostgresApp app) : MailHtmlPageTests(app);
