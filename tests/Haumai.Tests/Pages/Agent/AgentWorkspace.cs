using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Haumai.Tests.Support;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// What the workspace tests share: people signed in with a cookie as a browser is, tickets made
/// through the API and moved where a test wants them, and reading the pages' HTML.
/// </summary>
internal static partial class AgentWorkspace
{
    public const string Password = "Mật-khẩu-thử-2026";

    /// <summary>A user with a password, signed in through the sign-in form in a browser of their own.</summary>
    public static async Task<(TestUser User, TestBrowser Browser)> SignedInAsync(this HaumaiFactory app, Role role, string? name = null, string? organization = null)
    {
        var user = await app.CreateUserAsync(role, organization, name: name, password: Password);
        var browser = app.Browser();
        var signIn = await browser.SignInAsync(user.Email, Password);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, "sign-in failed");
        return (user, browser);
    }

    public static async Task<string> HtmlAsync(this TestBrowser browser, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"GET {url}:\n{Excerpt(html)}");
        return html;
    }

    /// <summary>POSTs a form of a page with the antiforgery token of that page (as a browser would).</summary>
    public static async Task<HttpResponseMessage> PostPageFormAsync(this TestBrowser browser, string pageUrl, string postUrl, params (string Name, string Value)[] fields)
    {
        var token = SignInHelper.AntiforgeryToken(await browser.HtmlAsync(pageUrl));
        return await browser.PostFormAsync(postUrl, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new(SignInHelper.TokenField, token)));
    }

    /// <summary>The ticket numbers of the queue's rows, in order.</summary>
    public static List<long> Numbers(string html) =>
        RowNumber().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex("<tr data-ticket-number=\"(\\d+)\"")]
    private static partial Regex RowNumber();

    /// <summary>The waiting chats the header's chat link shows ("" when none).</summary>
    public static string ChatCount(string html)
    {
        var match = Regex.Match(html, "<span id=\"nav-chat-count\"[^>]*>([^<]*)</span>");
        match.Success.ShouldBeTrue("no chat link in the header");
        return match.Groups[1].Value;
    }

    /// <summary>The count a view's tab shows.</summary>
    public static string Count(string html, string view)
    {
        var match = Regex.Match(html, $"data-view-count=\"{view}\">([^<]*)<");
        match.Success.ShouldBeTrue($"no count for {view}");
        return match.Groups[1].Value;
    }

    /// <summary>A ticket opened through the API by an admin for a requester, then changed as <paramref name="patch"/> says.</summary>
    public static async Task<long> TicketAsync(TestUser admin, string subject, object? patch = null, string? requester = null, string? category = null)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/tickets", new
        {
            subject,
            body = "Từ sáng nay khách hàng của chúng tôi không đăng nhập được vào hệ thống.",
            category,
            requester = new { email = requester ?? $"khach-{Guid.NewGuid():N}@example.vn", name = "Trần Văn Minh" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (long)(await created.ReadJsonAsync())["id"]!;
        if (patch is not null)
        {
            var changed = await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", patch);
            changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        }
        return id;
    }

    /// <summary>A category that routes new tickets to a team, so that a ticket can be created straight into it.</summary>
    public static Task<string> CategoryForAsync(this HaumaiFactory app, int teamId) =>
        app.WithDbAsync(async db =>
        {
            var slug = "thu-" + Guid.NewGuid().ToString("N")[..10];
            db.Categories.Add(new Category(slug, "Loại thử nghiệm", "Test category", teamId, Priority.Medium, 900));
            await db.SaveChangesAsync();
            return slug;
        });

    public static string Excerpt(string html) => html.Length > 3000 ? html[..3000] + "…" : html;
}
