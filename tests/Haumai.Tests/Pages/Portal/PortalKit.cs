using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// What the portal page tests share: people signed in by cookie as a browser would be, forms
/// posted with the antiforgery token of the page they come from, multipart forms with files, and
/// tickets made through the API.
/// </summary>
internal static partial class PortalKit
{
    public const string Password = "Mật-khẩu-thử-2026";

    /// <summary>A customer of the organization (or of none) with a password, signed in in a browser of their own.</summary>
    public static async Task<(TestUser User, TestBrowser Browser)> SignedInAsync(this HaumaiFactory app, Role role, Organization? organization = null,
        bool orgAdmin = false, string? name = null)
    {
        var user = await app.CreateUserAsync(role, organization?.Slug, orgAdmin, name, Password);
        var browser = app.Browser();
        var signIn = await browser.SignInAsync(user.Email, Password);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, "signing in");
        return (user, browser);
    }

    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public static async Task<string> PageAsync(this TestBrowser browser, string url)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}:\n{html}");
        return html;
    }

    /// <summary>POSTs a form as the page <paramref name="pageUrl"/> would: with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this TestBrowser browser, string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        var token = await browser.FormTokenAsync(pageUrl);
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new KeyValuePair<string, string>(SignInHelper.TokenField, token));
        return await browser.PostFormAsync(action, all);
    }

    /// <summary>POSTs a multipart form (fields and files) with the antiforgery token of <paramref name="pageUrl"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitWithFilesAsync(this TestBrowser browser, string pageUrl, string action,
        IEnumerable<(string Name, string Value)> fields, IEnumerable<(string Field, byte[] Bytes, string FileName, string ContentType)> files)
    {
        var token = await browser.FormTokenAsync(pageUrl);
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append((SignInHelper.TokenField, token)))
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }
        foreach (var (field, bytes, fileName, contentType) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            form.Add(file, field, fileName);
        }
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = form });
    }

    /// <summary>A ticket opened through the API by <paramref name="requester"/> (a customer for themselves).</summary>
    public static async Task<long> OpenTicketAsync(this TestUser requester, string subject = "Website báo lỗi 502", string category = "technical-fault")
    {
        var response = await requester.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket(category: category, subject: subject));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    /// <summary>The text of the element with this id (tags removed, entities decoded, spaces collapsed).</summary>
    public static string? TextOf(string html, string id)
    {
        var match = Regex.Match(html, $"<(?<tag>\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(?<inner>.*?)</\\k<tag>>", RegexOptions.Singleline);
        return match.Success ? Squash(match.Groups["inner"].Value) : null;
    }

    /// <summary>The value attribute of the input with this id.</summary>
    public static string? ValueOf(string html, string id)
    {
        var tag = Regex.Match(html, $"<(?:input|textarea)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>");
        if (!tag.Success)
        {
            return null;
        }
        var value = Regex.Match(tag.Value, "\\bvalue=\"(?<v>[^\"]*)\"");
        return value.Success ? WebUtility.HtmlDecode(value.Groups["v"].Value) : null;
    }

    public static string Squash(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    /// <summary>The ticket number of a redirect to /portal/tickets/{number}.</summary>
    public static long TicketNumberOf(HttpResponseMessage redirect)
    {
        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = redirect.Headers.Location!.ToString();
        var match = Regex.Match(location, "^/portal/tickets/(\\d+)$");
        match.Success.ShouldBeTrue($"redirected to {location}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
