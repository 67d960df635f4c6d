using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Account;

[EnableRateLimiting(AuthSetup.SignInRateLimit)]
public sealed class SignInModel(PasswordSignIn.Handler signIn, IStringLocalizer<SharedText> text) : PageModel
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
            Error = text["Enter your email and password."];
            return Page();
        }
        var (outcome, user) = await signIn.HandleAsync(Email, Password, ct);
        switch (outcome)
        {
            case PasswordSignIn.Outcome.LockedOut:
                Error = text["Locked after repeated failures; try again in 15 minutes."];
                return Page();
            case PasswordSignIn.Outcome.Failed:
                Error = text["Wrong email or password."];
                return Page();
        }
        await CookieSignIn.SignInAsync(HttpContext, user!);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : HomeOf(user!));
    }

    /// <summary>Where each kind of person starts: agents in the workspace, customers in the portal.</summary>
    public static string HomeOf(User user) => user.IsStaff ? "/agent" : "/portal";
}
