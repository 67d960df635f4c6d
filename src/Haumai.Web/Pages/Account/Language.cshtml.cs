using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haumai.Web.Pages.Account;

/// <summary>
/// The language switch in the header (X1). Anyone may switch (the cookie remembers it); a signed-in
/// user's choice is also stored on their account, so it follows them to the next sign-in.
/// </summary>
public sealed class LanguageModel(UpdatePreferences.Handler preferences, CurrentUser me) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl, CancellationToken ct)
    {
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (!HaumaiCulture.IsLanguage(language))
        {
            return LocalRedirect(back);
        }
        if (me.IsAuthenticated)
        {
            var (outcome, user) = await preferences.HandleAsync(me.Id, new UpdatePreferences.Request(language, null), ct);
            if (outcome == UpdatePreferences.Outcome.Saved)
            {
                await CookieSignIn.SignInAsync(HttpContext, user!);
                return LocalRedirect(back);
            }
        }
        CookieSignIn.SetLanguageCookie(HttpContext, language!);
        return LocalRedirect(back);
    }
}
