using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal;

/// <summary>X1: the person's language and time zone, stored on their account and in their sign-in.</summary>
public sealed class ProfileModel(UpdatePreferences.Handler preferences, CurrentUser me, TimeProvider clock, IStringLocalizer<PortalText> text)
    : PortalPageModel(text)
{
    /// <summary>Set by a successful save; the confirmation is written on the next page, in the new language.</summary>
    [TempData] public bool Saved { get; set; }

    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? TimeZone { get; set; }

    public CurrentUser Me => me;

    public void OnGet()
    {
        Language = me.Language ?? HaumaiCulture.Vietnamese;
        TimeZone = me.TimeZone ?? HaumaiCulture.DefaultTimeZone;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var (outcome, user) = await preferences.HandleAsync(me.Id, new UpdatePreferences.Request(Language, TimeZone), ct);
        switch (outcome)
        {
            case UpdatePreferences.Outcome.BadLanguage:
                ModelState.AddModelError(nameof(Language), Text["Choose Vietnamese or English."]);
                return Page();
            case UpdatePreferences.Outcome.BadTimeZone:
                ModelState.AddModelError(nameof(TimeZone), Text["Choose a time zone from the list."]);
                return Page();
            case UpdatePreferences.Outcome.NotFound:
                return NotFound();
        }
        // A new cookie: its claims carry the time zone, and the culture cookie the language.
        await CookieSignIn.SignInAsync(HttpContext, user!);
        Saved = true;
        return Redirect("/portal/profile");
    }

    /// <summary>"(UTC+07:00) Asia/Ho_Chi_Minh": the offset now, so people recognise their zone.</summary>
    public string ZoneLabel(string id)
    {
        var zone = HaumaiCulture.FindZone(id);
        var offset = zone.GetUtcOffset(clock.GetUtcNow().UtcDateTime);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"(UTC{sign}{offset.Duration():hh\\:mm}) {id}";
    }
}
