using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Haumai.Tests.Support;

/// <summary>
/// Cookie sign-in from a test, as a browser does it: GET the page, keep its antiforgery cookie and
/// hidden token, POST the form, keep the auth cookie.
/// <para>
/// The sign-in page is rate limited per client address, and the in-memory test server gives every
/// request the same (null) address, so every sign-in test of a fixture would share one budget of
/// ten a minute. <see cref="BrowserHost"/> is a second host on the same database, clock and data
/// folder whose requests take their client address from a test header; each
/// <see cref="TestBrowser"/> gets its own address and so its own budget. The limiter itself is
/// untouched (and tested on purpose in SignInTests).
/// </para>
/// </summary>
public static partial class SignInHelper
{
    public const string ClientIpHeader = "X-Test-Client-Ip";
    public const string AuthCookie = "haumai.auth";
    public const string TokenField = "__RequestVerificationToken";

    private static readonly ConditionalWeakTable<HaumaiFactory, WebApplicationFactory<Program>> Hosts = new();
    private static int _lastAddress;

    /// <summary>The app with client addresses (cached per fixture; the fixture disposes it).</summary>
    public static WebApplicationFactory<Program> BrowserHost(this HaumaiFactory app)
    {
        lock (Hosts)
        {
            return Hosts.GetValue(app, a => a.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
                s.AddSingleton<IStartupFilter, ClientAddressFromHeader>())));
        }
    }

    /// <summary>A browser with an empty cookie jar and a client address of its own.</summary>
    public static TestBrowser Browser(this HaumaiFactory app)
    {
        var n = Interlocked.Increment(ref _lastAddress);
        var address = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        return new TestBrowser(app.BrowserHost(), address);
    }

    /// <summary>The hidden antiforgery input of the first form on a page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = HiddenToken().Match(html);
        match.Success.ShouldBeTrue($"No {TokenField} input in the page:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenToken();

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientIpHeader].ToString(), out var ip))
                {
                    http.Connection.RemoteIpAddress = ip;
                }
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>
/// An HTTP client that keeps cookies itself (rather than a CookieContainer) so that tests can look
/// at each <c>Set-Cookie</c> as the server sent it: flags included.
/// </summary>
public sealed class TestBrowser
{
    private readonly Dictionary<string, string> _jar = new(StringComparer.Ordinal);

    public TestBrowser(WebApplicationFactory<Program> host, IPAddress address)
    {
        Address = address;
        Client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        Client.DefaultRequestHeaders.Add(SignInHelper.ClientIpHeader, address.ToString());
    }

    public IPAddress Address { get; }
    public HttpClient Client { get; }
    public IReadOnlyDictionary<string, string> Cookies => _jar;

    /// <summary>The cookies the last response set, as sent.</summary>
    public IList<SetCookieHeaderValue> LastSetCookies { get; private set; } = [];

    public bool HasAuthCookie => _jar.ContainsKey(SignInHelper.AuthCookie);

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _jar.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await Client.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList())
            : [];
        foreach (var cookie in LastSetCookies)
        {
            if (cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow || cookie.Value.Length == 0)
            {
                _jar.Remove(cookie.Name.ToString());
            }
            else
            {
                _jar[cookie.Name.ToString()] = cookie.Value.ToString();
            }
        }
        return response;
    }

    /// <summary>GETs a page and returns the antiforgery token of its form.</summary>
    public async Task<string> FormTokenAsync(string url = "/account/sign-in")
    {
        var page = await GetAsync(url);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        return SignInHelper.AntiforgeryToken(await page.Content.ReadAsStringAsync());
    }

    /// <summary>POSTs the sign-in form with the token of an earlier GET (or a fresh one).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? token = null, string? returnUrl = null)
    {
        token ??= await FormTokenAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Email", email),
            new("Password", password),
            new(SignInHelper.TokenField, token),
        };
        if (returnUrl is not null)
        {
            fields.Add(new("returnUrl", returnUrl));
        }
        return await PostFormAsync("/account/sign-in", fields);
    }
}
