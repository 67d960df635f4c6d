using Haumai.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haumai.Web.Pages.Portal.Tickets;

/// <summary>
/// Downloads a file of a ticket seen in the portal. Always as a download (never shown inline), so
/// a file cannot run as a page of this site; a file the person may not have is the 404 page.
/// </summary>
public sealed class AttachmentModel(PortalAttachment.Handler attachments) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long number, long id, CancellationToken ct)
    {
        var file = await attachments.HandleAsync(number, id, ct);
        if (file is null || !System.IO.File.Exists(file.Path))
        {
            return NotFound();
        }
        return PhysicalFile(file.Path, file.ContentType, file.FileName);
    }
}
