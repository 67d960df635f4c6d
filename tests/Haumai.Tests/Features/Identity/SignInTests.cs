using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Haumai.Tests.Features.Identity;

/// <summary>The cookie sign-in page (a Razor Page with antiforgery), lockout and rate limit.</summary>
public abstract class SignInTests(HaumaiFactory app)
{
    private const string Password = "Mật-khẩu-đúng-2026";
    private const string WrongPasswordMessage = "Email hoặc mật khẩu không đúng"; // Vietnamese is the default language
    private const string LockedMessage = "Tài khoản tạm khoá sau nhiều lần đăng nhập sai";

    [Fact]
    public async Task Signing_in_sets_an_httponly_samesite_cookie_that_the_api_accepts()
    {
        var user = await app.CreateUserAsync(Role.Agent, name: "Nguyễn Thị Lan", password: Password);
        var browser = app.Browser();

        var page = await browser.GetAsync("/account/sign-in");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = SignInHelper.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        browser.Cookies.Keys.ShouldContain("haumai.csrf");

        var response = await browser.SignInAsync(user.Email.ToUpperInvariant(), Password, token);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/agent"); // staff start in their workspace
        var cookie = browser.LastSetCookies.Where(c => c.Name == SignInHelper.AuthCookie).ShouldHaveSingleItem();
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteMode.Lax);
        cookie.Path.ToString().ShouldBe("/");

        var me = await browser.GetAsync("/api/v1/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await me.ReadJsonAsync();
        ((int)body["id"]!).ShouldBe(user.Id);
        ((string)body["email"]!).ShouldBe(user.Email);
        ((string)body["name"]!).ShouldBe("Nguyễn Thị Lan");
        ((string)body["role"]!).ShouldBe("agent");

        // Without the cookie the same browser is anonymous again.
        var anonymous = app.Browser();
        (await anonymous.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_password_is_stored_as_an_aspnet_v3_hash_never_as_itself()
    {
        var user = await app.CreateUserAsync(Role.Customer, password: Password);

        var hash = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync());

        hash.ShouldNotBeNull();
        hash.ShouldStartWith("AQAAAA"); // format marker 0x01 (V3), then the PRF as a big-endian int
        hash.ShouldNotContain(Password);
        Convert.FromBase64String(hash)[0].ShouldBe((byte)0x01);
        var verified = await app.WithScopeAsync(sp =>
        {
            var hasher = sp.GetRequiredService<IPasswordHasher<User>>();
            var entity = new User(user.Email, "x", Role.Customer, DateTime.UtcNow);
            return Task.FromResult((hasher.VerifyHashedPassword(entity, hash, Password), hasher.VerifyHashedPassword(entity, hash, Password + "x")));
        });
        verified.Item1.ShouldBe(PasswordVerificationResult.Success);
        verified.Item2.ShouldBe(PasswordVerificationResult.Failed);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_a_400_and_signs_nobody_in()
    {
        var user = await app.CreateUserAsync(Role.Agent, password: Password);
        var browser = app.Browser();

        // No token and no antiforgery cookie at all (another site's form).
        var forged = await browser.PostFormAsync("/account/sign-in", [new("Email", user.Email), new("Password", Password)]);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.HasAuthCookie.ShouldBeFalse();

        // The antiforgery cookie alone is not enough either: the form must carry the token.
        await browser.FormTokenAsync();
        var withoutField = await browser.PostFormAsync("/account/sign-in", [new("Email", user.Email), new("Password", Password)]);
        withoutField.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.HasAuthCookie.ShouldBeFalse();

        // Nor is a token that was not issued with this browser's cookie.
        var other = app.Browser();
        var foreignToken = await other.FormTokenAsync();
        var mismatched = await browser.SignInAsync(user.Email, Password, foreignToken);
        mismatched.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.HasAuthCookie.ShouldBeFalse();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_and_sets_no_auth_cookie()
    {
        var user = await app.CreateUserAsync(Role.Customer, password: Password);
        var browser = app.Browser();
        var token = await browser.FormTokenAsync();

        var wrong = await browser.SignInAsync(user.Email, "not-the-password", token);

        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain(WrongPasswordMessage);
        browser.LastSetCookies.ShouldNotContain(c => c.Name == SignInHelper.AuthCookie);
        browser.HasAuthCookie.ShouldBeFalse();
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // An unknown email gets the very same answer: the page does not reveal accounts.
        var unknown = await browser.SignInAsync($"nobody-{Guid.NewGuid():N}@example.vn", Password, token);
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain(WrongPasswordMessage);
        browser.HasAuthCookie.ShouldBeFalse();
    }

    [Fact]
    public async Task A_user_without_a_password_or_deactivated_cannot_sign_in()
    {
        var noPassword = await app.CreateUserAsync(Role.Customer);
        var deactivated = await app.CreateUserAsync(Role.Agent, password: Password);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == deactivated.Id)).Deactivate();
            return await db.SaveChangesAsync();
        });
        var browser = app.Browser();
        var token = await browser.FormTokenAsync();

        foreach (var (email, password) in new[] { (noPassword.Email, ""), (noPassword.Email, Password), (deactivated.Email, Password) })
        {
            var response = await browser.SignInAsync(email, password, token);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            browser.HasAuthCookie.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes()
    {
        var user = await app.CreateUserAsync(Role.Agent, password: Password);
        var browser = app.Browser();
        var token = await browser.FormTokenAsync();

        for (var i = 1; i <= User.MaxFailedSignIns; i++)
        {
            var wrong = await browser.SignInAsync(user.Email, $"sai-{i}", token);
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await wrong.Content.ReadAsStringAsync();
            html.ShouldContain(i < User.MaxFailedSignIns ? WrongPasswordMessage : LockedMessage);
        }

        var locked = await browser.SignInAsync(user.Email, Password, token);
        locked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await locked.Content.ReadAsStringAsync()).ShouldContain(LockedMessage);
        browser.HasAuthCookie.ShouldBeFalse();

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await browser.SignInAsync(user.Email, Password, token);
        (await stillLocked.Content.ReadAsStringAsync()).ShouldContain(LockedMessage);
        browser.HasAuthCookie.ShouldBeFalse();

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var signedIn = await browser.SignInAsync(user.Email, Password, token);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.HasAuthCookie.ShouldBeTrue();
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stored = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        stored.FailedSignIns.ShouldBe(0);
        stored.LockoutEndsAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        var user = await app.CreateUserAsync(Role.Customer, password: Password);
        var browser = app.Browser();
        var token = await browser.FormTokenAsync();

        for (var i = 0; i < User.MaxFailedSignIns - 1; i++)
        {
            await browser.SignInAsync(user.Email, "sai", token);
        }
        (await browser.SignInAsync(user.Email, Password, token)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Four more failures do not lock: the count started again.
        var fresh = app.Browser();
        var freshToken = await fresh.FormTokenAsync();
        for (var i = 0; i < User.MaxFailedSignIns - 1; i++)
        {
            (await (await fresh.SignInAsync(user.Email, "sai", freshToken)).Content.ReadAsStringAsync()).ShouldContain(WrongPasswordMessage);
        }
        (await fresh.SignInAsync(user.Email, Password, freshToken)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_return_url_is_followed_only_when_local()
    {
        var user = await app.CreateUserAsync(Role.Customer, password: Password);

        var local = app.Browser();
        (await local.SignInAsync(user.Email, Password, returnUrl: "/openapi/v1.json")).Headers.Location!.ToString().ShouldBe("/openapi/v1.json");

        foreach (var evil in new[] { "https://evil.example/phish", "//evil.example/phish", "/\\evil.example" })
        {
            var browser = app.Browser();
            var response = await browser.SignInAsync(user.Email, Password, returnUrl: evil);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldBe("/portal"); // a customer's home, not the evil URL
        }
    }

    [Fact]
    public async Task Signing_out_needs_the_form_token_and_ends_the_cookie_session()
    {
        var user = await app.CreateUserAsync(Role.Agent, password: Password);
        var browser = app.Browser();
        (await browser.SignInAsync(user.Email, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // A token issued to the signed-in user (the sign-in page's form carries one).
        var token = await browser.FormTokenAsync();

        (await browser.PostFormAsync("/account/sign-out", [])).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.HasAuthCookie.ShouldBeTrue();

        var signOut = await browser.PostFormAsync("/account/sign-out", [new(SignInHelper.TokenField, token)]);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.LastSetCookies.ShouldContain(c => c.Name == SignInHelper.AuthCookie && c.Expires < DateTimeOffset.UtcNow);
        browser.HasAuthCookie.ShouldBeFalse();
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_sign_out_button_of_every_page_works()
    {
        var user = await app.CreateUserAsync(Role.Customer, password: Password);
        var browser = app.Browser();
        (await browser.SignInAsync(user.Email, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var token = await browser.FormTokenAsync("/account/sign-in"); // the layout's sign-out form is on every page

        (await browser.PostFormAsync("/account/sign-out", [new(SignInHelper.TokenField, token)])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.HasAuthCookie.ShouldBeFalse();
    }

    [Fact]
    public async Task The_sign_in_page_allows_ten_requests_a_minute_per_address()
    {
        var user = await app.CreateUserAsync(Role.Customer, password: Password);
        var greedy = app.Browser();
        var token = await greedy.FormTokenAsync(); // 1
        for (var i = 2; i <= 10; i++)
        {
            (await greedy.SignInAsync($"guess-{i}@example.vn", "guess", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await greedy.SignInAsync(user.Email, Password, token);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        greedy.HasAuthCookie.ShouldBeFalse();
        (await greedy.GetAsync("/account/sign-in")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // The limit is per address: someone else is not locked out by the guesser.
        var other = app.Browser();
        (await other.SignInAsync(user.Email, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_deactivated_user_s_cookie_stops_working_at_once()
    {
        var user = await app.CreateUserAsync(Role.Agent, password: Password);
        var browser = app.Browser();
        (await browser.SignInAsync(user.Email, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == user.Id)).Deactivate();
            return await db.SaveChangesAsync();
        });

        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.GetAsync("/agent")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_admin_made_agent_loses_the_admin_pages_on_the_next_request()
    {
        var admin = await app.CreateUserAsync(Role.Admin, password: Password);
        var browser = app.Browser();
        (await browser.SignInAsync(admin.Email, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == admin.Id)).ChangeRole(Role.Agent);
            return await db.SaveChangesAsync();
        });

        var denied = await browser.GetAsync("/admin");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await denied.Content.ReadAsStringAsync()).ShouldContain("Không được phép");
        (await browser.GetAsync("/agent")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection("sqlite")]
public sealed class SqliteSignInTests(SqliteApp app) : SignInTests(app);

[Collection("postgres")]
public sealed class PostgresSignInTests(PostgresApp app) : SignInTests(app);
