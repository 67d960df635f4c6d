using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Portal;

/// <summary>/portal/profile (X1): language and time zone, stored on the account and used by the next page.</summary>
public abstract class ProfilePageTests(HaumaiFactory app)
{
    [Fact]
    public async Task Choosing_English_and_a_time_zone_changes_the_next_pages()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync(), name: "Lê Thu Hà");
        var ticket = await customer.OpenTicketAsync();
        var before = await browser.PageAsync("/portal/profile");
        before.ShouldContain("<html lang=\"vi\"");
        foreach (var id in new[] { "Language", "TimeZone", "save-profile" })
        {
            before.ShouldContain($"id=\"{id}\"");
        }
        before.ShouldContain("Lê Thu Hà");
        before.ShouldContain(customer.Email);
        before.ShouldContain("<option value=\"Asia/Ho_Chi_Minh\" selected=\"selected\">");

        var response = await browser.SubmitAsync("/portal/profile", "/portal/profile", ("Language", "en"), ("TimeZone", "Europe/Berlin"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/portal/profile");
        var after = await browser.PageAsync("/portal/profile");
        after.ShouldContain("<html lang=\"en\"");
        PortalKit.TextOf(after, "profile-saved").ShouldBe("Your preferences are saved.");
        after.ShouldContain("<option value=\"Europe/Berlin\" selected=\"selected\">");
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == customer.Id));
        user.Language.ShouldBe("en");
        user.TimeZone.ShouldBe("Europe/Berlin");

        // Other pages follow: English words, times in Berlin (UTC+1/+2, not Ho Chi Minh City's +7).
        var list = await browser.PageAsync("/portal");
        list.ShouldContain("<html lang=\"en\"");
        list.ShouldContain(">My tickets<");
        var page = await browser.PageAsync($"/portal/tickets/{ticket}");
        var opened = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket).Select(t => t.CreatedAt).SingleAsync());
        var berlin = TimeZoneInfo.ConvertTimeFromUtc(opened, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        WebUtility.HtmlDecode(page).ShouldContain(berlin.ToString("g", new System.Globalization.CultureInfo("en-US")));

        // The saved message shows once.
        (await browser.PageAsync("/portal/profile")).ShouldNotContain("id=\"profile-saved\"");
    }

    [Fact]
    public async Task An_unknown_time_zone_or_language_is_refused_and_nothing_changes()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());

        var zone = await browser.SubmitAsync("/portal/profile", "/portal/profile", ("Language", "en"), ("TimeZone", "Mars/Olympus_Mons"));
        zone.StatusCode.ShouldBe(HttpStatusCode.OK);
        PortalKit.TextOf(await zone.Content.ReadAsStringAsync(), "TimeZone-error").ShouldBe("Hãy chọn một múi giờ trong danh sách.");
        var language = await browser.SubmitAsync("/portal/profile", "/portal/profile", ("Language", "fr"), ("TimeZone", "Asia/Ho_Chi_Minh"));
        PortalKit.TextOf(await language.Content.ReadAsStringAsync(), "Language-error").ShouldBe("Hãy chọn tiếng Việt hoặc tiếng Anh.");

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == customer.Id));
        user.Language.ShouldBe("vi");
        user.TimeZone.ShouldBe("Asia/Ho_Chi_Minh");
    }
}

[Collection("sqlite")]
public sealed class SqliteProfilePageTests(SqliteApp app) : ProfilePageTests(app);

[Collection("postgres")]
public sealed class PostgresProfilePageTests(PostgresApp app) : ProfilePageTests(app);
