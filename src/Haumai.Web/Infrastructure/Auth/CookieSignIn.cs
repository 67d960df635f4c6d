using System.Security.Claims;
using Haumai.Web.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace Haumai.Web.Infrastructure.Auth;

/// <summary>
/// Issues the sign-in cookie for a user (at sign-in, registration, and again when their
/// preferences change so the claims stay true) and the culture cookie for their stored language.
/// </summary>
public static class CookieSignIn
{
    public static async Task SignInAsync(HttpContext http, User user)
    {
        var identity = new ClaimsIdentity(HaumaiClaims.For(user), CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        SetLanguageCookie(http, user.Language);
    }

    /// <summary>The culture cookie read by the request localization (see Localization).</summary>
    public static void SetLanguageCookie(HttpContext http, string language) =>
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            Localization.HaumaiCulture.CookieValue(language),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
            });
}
