using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal;

/// <summary>
/// What the portal's forms share: a use case's <see cref="FieldError"/> becomes a localized
/// message on its field, which the page shows under the input (Bootstrap's is-invalid).
/// </summary>
public abstract class PortalPageModel(IStringLocalizer<PortalText> text) : PageModel
{
    protected IStringLocalizer<PortalText> Text => text;

    /// <summary>A confirmation carried over a redirect (post, redirect, get), shown once.</summary>
    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Notice { get; set; }

    /// <summary>Puts the error on its field, in the reader's language.</summary>
    protected void AddError(FieldError error) =>
        ModelState.AddModelError(error.Field, text[error.Message, error.Arguments]);

    /// <summary>The message for a field, or null when it is fine.</summary>
    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>"is-invalid" for a field with an error, for its input's class.</summary>
    public string InvalidClass(string field) => ErrorOf(field) is null ? "" : "is-invalid";
}
