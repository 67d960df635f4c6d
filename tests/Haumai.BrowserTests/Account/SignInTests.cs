using Haumai.BrowserTests.Support;

namespace Haumai.BrowserTests.Account;

/// <summary>The sign-in page in a real browser against a real server.</summary>
public sealed class SignInTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Sign_in_page_renders_refuses_a_wrong_password_and_signs_in_with_the_right_one()
    {
        var customer = await app.CreateCustomerAsync();
        await using var lan = await app.NewActorAsync("customer");
        var page = lan.Page;

        var shown = await page.GotoAsync("/account/sign-in");
        shown.ShouldNotBeNull().Status.ShouldBe(200);
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBeOneOf("vi", "en");
        await Expect(page.Locator("#email")).ToBeVisibleAsync();
        await Expect(page.Locator("#password")).ToHaveAttributeAsync("type", "password");
        await Expect(BrowserApp.SignInButton(page)).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "sign-in");

        // A wrong password: the form again with an error, no cookie.
        await page.Locator("#email").FillAsync(customer.Email);
        await page.Locator("#password").FillAsync("Sai-mat-khau-roi");
        var refused = await page.RunAndWaitForResponseAsync(
            () => BrowserApp.SignInButton(page).ClickAsync(),
            r => r.Request.Method == "POST" && BrowserApp.IsSignInPage(r.Url));
        refused.Status.ShouldBe(200);
        await page.WaitForLoadStateAsync(LoadState.Load);
        BrowserApp.IsSignInPage(page.Url).ShouldBeTrue();
        var error = page.Locator("[role=alert]");
        await Expect(error).ToBeVisibleAsync();
        (await error.InnerTextAsync()).Trim().ShouldNotBeEmpty();
        await Expect(page.Locator("#email")).ToHaveValueAsync(customer.Email);
        (await lan.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "haumai.auth");
        await BrowserApp.ScreenshotAsync(page, "sign-in-wrong-password");
        lan.AssertNoBrowserErrors();

        // The right one: a redirect home (the front door, or straight to the person's own area),
        // the sign-in cookie, and the browser is signed in for the API as well.
        await page.Locator("#email").FillAsync(customer.Email);
        await page.Locator("#password").FillAsync(customer.Password);
        var accepted = await page.RunAndWaitForResponseAsync(
            () => BrowserApp.SignInButton(page).ClickAsync(),
            r => r.Request.Method == "POST" && BrowserApp.IsSignInPage(r.Url));
        accepted.Status.ShouldBeOneOf(302, 303);
        accepted.Headers["location"].ShouldBeOneOf("/", "/portal");
        await page.WaitForURLAsync(url => !BrowserApp.IsSignInPage(url));
        new Uri(page.Url).AbsolutePath.ShouldBeOneOf("/", "/portal");

        (await lan.Context.CookiesAsync()).Where(c => c.Name == "haumai.auth").ShouldHaveSingleItem().HttpOnly.ShouldBeTrue();
        var me = await lan.Context.APIRequest.GetAsync("/api/v1/tokens");
        me.Status.ShouldBe(200);
        await BrowserApp.ScreenshotAsync(page, "signed-in");
    }

    [Fact]
    public async Task The_sign_in_page_is_sent_with_a_Content_Security_Policy_and_nosniff_and_breaks_neither()
    {
        await using var visitor = await app.NewActorAsync("visitor");

        var response = (await visitor.Page.GotoAsync("/account/sign-in")).ShouldNotBeNull();

        response.Status.ShouldBe(200);
        var headers = await response.AllHeadersAsync();
        headers.ShouldContainKeyAndValue("x-content-type-options", "nosniff");
        headers.ShouldContainKeyAndValue("referrer-policy", "same-origin");
        headers.ShouldContainKey("content-security-policy");
        var directives = headers["content-security-policy"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var scripts = directives.FirstOrDefault(d => d.StartsWith("script-src ", StringComparison.Ordinal))
            ?? directives.First(d => d.StartsWith("default-src ", StringComparison.Ordinal));
        scripts.ShouldNotContain("'unsafe-inline'");
        scripts.ShouldNotContain("'unsafe-eval'");

        // The page's own scripts and styles load under that policy: no violation, no console error.
        await visitor.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        visitor.AssertNoBrowserErrors();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
