using System.Globalization;
using System.Resources;
using FluentValidation;
using FluentValidation.Results;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin;

/// <summary>
/// What the admin pages share: a one-line message that survives the redirect after a successful
/// form (post/redirect/get), and form errors in the reader's language. The rules themselves stay in
/// the use cases' validators; this only says their findings in Vietnamese or English.
/// </summary>
public abstract class AdminPageModel(IStringLocalizer<AdminText> text) : PageModel
{
    public const string FlashKey = "admin.flash";

    /// <summary>Bound form fields are named <c>Input.X</c>; errors go under the same name.</summary>
    protected const string InputPrefix = "Input";

    /// <summary>The admin pages' strings: named T, as in the views.</summary>
    protected IStringLocalizer<AdminText> T => text;

    public const string WarningKey = "admin.warning";

    /// <summary>Shown once, on the next page, by the admin layout.</summary>
    protected void Flash(string message) => TempData[FlashKey] = message;

    /// <summary>
    /// Like <see cref="Flash"/>, for an action that ran but did not succeed (a mailbox that cannot be
    /// read, a message still parked): shown as a warning, not as a green confirmation.
    /// </summary>
    protected void Warn(string message) => TempData[WarningKey] = message;

    protected void AddError(string field, string message) =>
        ModelState.AddModelError(string.IsNullOrEmpty(field) ? "" : $"{InputPrefix}.{field}", message);

    protected void AddErrors(ValidationResult result)
    {
        foreach (var failure in result.Errors)
        {
            AddError(failure.PropertyName, Localize(failure, text));
        }
    }

    /// <summary>
    /// Model binding speaks English ("The value 'abc' is not valid for Position."): its errors are
    /// replaced by one the reader understands. Call first thing in a POST handler (IsValidAsync
    /// does), before adding errors of the page's own.
    /// </summary>
    protected void LocalizeBindingErrors()
    {
        foreach (var (key, entry) in ModelState)
        {
            if (entry.ValidationState == ModelValidationState.Invalid && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                entry.Errors.Add(text["This value is not valid."]);
            }
        }
    }

    /// <summary>
    /// Whether a form's request may go to its use case: binding errors are said in the reader's
    /// language, then the validator's rules are checked. Its errors are added only when binding went
    /// well, so a field shows one message, not two.
    /// </summary>
    protected async Task<bool> IsValidAsync<TRequest>(IValidator<TRequest> validator, TRequest request, CancellationToken ct)
    {
        LocalizeBindingErrors();
        var validation = await validator.ValidateAsync(request, ct);
        if (ModelState.IsValid && !validation.IsValid)
        {
            AddErrors(validation);
        }
        return ModelState.IsValid;
    }

    /// <summary>
    /// A validation failure in the reader's language. A rule's own message (<c>WithMessage</c>) is
    /// plain English and a key of AdminText, translated like any other string; FluentValidation's
    /// built-in messages ("The length of 'Name' must be…") are not keys, and are said again from
    /// their error code.
    /// </summary>
    public static string Localize(ValidationFailure failure, IStringLocalizer<AdminText> text)
    {
        if (IsAdminTextKey(failure.ErrorMessage))
        {
            return text[failure.ErrorMessage];
        }
        var values = failure.FormattedMessagePlaceholderValues ?? new Dictionary<string, object>();
        return failure.ErrorCode switch
        {
            "NotEmptyValidator" or "NotNullValidator" => text["Fill in this field."],
            "MaximumLengthValidator" => text["At most {0} characters.", values.GetValueOrDefault("MaxLength") ?? ""],
            "MinimumLengthValidator" => text["At least {0} characters.", values.GetValueOrDefault("MinLength") ?? ""],
            "EmailValidator" => text["Enter a valid email address."],
            "InclusiveBetweenValidator" => text["Enter a number from {0} to {1}.", values.GetValueOrDefault("From") ?? "", values.GetValueOrDefault("To") ?? ""],
            _ => text["This value is not valid."],
        };
    }

    // Asked of the Vietnamese resource whatever the page's language: in English every string
    // "translates" to itself, so the localizer cannot tell a key from any other text.
    private static readonly ResourceManager AdminResources = new(typeof(AdminText).FullName!, typeof(AdminText).Assembly);
    private static readonly CultureInfo Vietnamese = new("vi");

    // Only the Vietnamese set: there are no neutral resources to fall back to (the key is the English).
    private static bool IsAdminTextKey(string message) =>
        AdminResources.GetResourceSet(Vietnamese, createIfNotExists: true, tryParents: false)?.GetString(message) is not null;
}
