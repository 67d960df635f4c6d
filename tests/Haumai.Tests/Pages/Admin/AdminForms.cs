using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.Tests.Pages.Admin;

/// <summary>
/// Driving the admin pages as a browser does: sign in with the cookie, GET a page, POST its form
/// with the antiforgery token of that GET, follow nothing automatically.
/// </summary>
public static partial class AdminForms
{
    public const string Password = "Mật-khẩu-quản-trị-2026";

    /// <summary>A signed-in browser for a new user of that role (customers in a new organization).</summary>
    public static async Task<(TestBrowser Browser, TestUser User)> SignedInAsync(this HaumaiFactory app, Role role = Role.Admin, string? name = null)
    {
        string? org = null;
        if (role == Role.Customer)
        {
            org = (await app.CreateOrganizationAsync()).Slug;
        }
        var user = await app.CreateUserAsync(role, org, name: name, password: Password);
        var browser = app.Browser();
        var signedIn = await browser.SignInAsync(user.Email, Password);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (browser, user);
    }

    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public static async Task<string> HtmlAsync(this TestBrowser browser, string url)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}:\n{html}");
        return html;
    }

    /// <summary>GETs a page that must answer 200 and returns it parsed, to query by the stable ids of docs/ui.md.</summary>
    public static async Task<IDocument> DocumentAsync(this TestBrowser browser, string url) => Parse(await browser.HtmlAsync(url));

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>
    /// GETs <paramref name="pageUrl"/> for its antiforgery token, then POSTs the fields to it (to the
    /// named page handler, if any), as the page's form would.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this TestBrowser browser, string pageUrl, string? handler, params (string Name, string Value)[] fields)
    {
        var token = await browser.FormTokenAsync(pageUrl);
        var target = handler is null ? pageUrl : $"{pageUrl}{(pageUrl.Contains('?') ? '&' : '?')}handler={handler}";
        var body = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new KeyValuePair<string, string>(SignInHelper.TokenField, token));
        return await browser.PostFormAsync(target, body);
    }

    /// <summary>A form that saved: a redirect (post/redirect/get) to where it says.</summary>
    public static async Task<string> ShouldRedirectAsync(this Task<HttpResponseMessage> posting)
    {
        var response = await posting;
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    /// <summary>A form that did not save: the page again (200) with its error alert; returns the HTML.</summary>
    public static async Task<string> ShouldFailAsync(this Task<HttpResponseMessage> posting)
    {
        var response = await posting;
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("alert alert-danger form-errors");
        return html;
    }

    /// <summary>
    /// What someone without the admin role gets: 403, or (the cookie handler's access-denied path)
    /// a redirect to the sign-in page. Never the admin page itself.
    /// </summary>
    public static void ShouldBeRefused(this HttpResponseMessage response, string url)
    {
        // Signed in without the role: 403 with the localized error page, at the same URL.
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{url} was not refused");
    }

    /// <summary>The path of a redirect, whether the server wrote it absolute or relative.</summary>
    public static string PathOf(Uri location) =>
        location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?', '#')[0];

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>The id at the end of a redirect such as <c>/admin/users/42</c>.</summary>
    public static int IdOf(string location) => int.Parse(TrailingId().Match(location).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/(\d+)(?:[#?].*)?$")]
    private static partial Regex TrailingId();
}
