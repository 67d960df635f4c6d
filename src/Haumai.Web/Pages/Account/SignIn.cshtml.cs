using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using System.Security.Claims;

namespace Haumai.Web.Pages.Account;

[EnableRateLimiting(AuthSetup.SignInRateLimit)]
public sealed class SignInModel(PasswordSignIn.Handler signIn) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Hãy nhập email và mật khẩu. (Enter your email and password.)";
            return Page();
        }
        var (outcome, user) = await signIn.HandleAsync(Email, Password, ct);
        switch (outcome)
        {
            case PasswordSignIn.Outcome.LockedOut:
                Error = "Tài khoản tạm khoá sau nhiều lần đăng nhập sai; hãy thử lại sau 15 phút. (Locked after repeated failures; try again in 15 minutes.)";
                return Page();
            case PasswordSignIn.Outcome.Failed:
                Error = "Email hoặc mật khẩu không đúng. (Wrong email or password.)";
                return Page();
        }
        var identity = new ClaimsIdentity(HaumaiClaims.For(user!), CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
