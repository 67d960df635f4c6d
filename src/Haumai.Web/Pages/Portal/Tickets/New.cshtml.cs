using System.Globalization;
using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal.Tickets;

/// <summary>T1 from the portal: subject, description, category, priority and files.</summary>
[RequestSizeLimit(MaxFormBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
public sealed class NewModel(OpenTicket.Handler open, CategoryChoices.Handler categories, AttachmentCheck files, CurrentUser me,
    IStringLocalizer<PortalText> text) : PortalPageModel(text)
{
    /// <summary>
    /// The whole form: several files of up to Attachments:MaxBytes each (checked one by one, with a
    /// clear message) fit, and nobody can make the server read an endless body.
    /// </summary>
    public const long MaxFormBytes = 110 * 1024 * 1024;

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }

    /// <summary>Read as text: a bad value gets the form's own message, not the binder's.</summary>
    [BindProperty] public string? CategoryId { get; set; }
    [BindProperty] public string? Priority { get; set; }
    [BindProperty] public List<IFormFile>? Attachments { get; set; }

    public IReadOnlyList<CategoryChoices.Choice> Categories { get; private set; } = [];
    public AttachmentCheck Files => files;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsStaff)
        {
            return LocalRedirect("/agent");
        }
        Categories = await categories.HandleAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Binding problems (a number that is not one) are answered by the use case's own messages.
        ModelState.Clear();
        int? categoryId = int.TryParse(CategoryId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        if (categoryId is null && !string.IsNullOrEmpty(CategoryId))
        {
            categoryId = -1; // not a category: refused below as one not on the list
        }
        var result = await open.HandleAsync(new OpenTicket.Request(Subject, Body, categoryId, Priority, AttachmentCheck.Chosen(Attachments)), ct);
        if (result.Ticket is not { } ticket)
        {
            AddError(result.Error!);
            Categories = await categories.HandleAsync(ct);
            return Page();
        }
        Notice = result.UnsavedFiles.Count == 0
            ? Text["Your ticket {0} is open. We will answer here and by email.", ticket.Number]
            : Text["Your ticket {0} is open, but these files could not be stored: {1}. Attach them to a reply.", ticket.Number, string.Join(", ", result.UnsavedFiles)];
        return Redirect($"/portal/tickets/{ticket.Id.ToString(CultureInfo.InvariantCulture)}");
    }
}
