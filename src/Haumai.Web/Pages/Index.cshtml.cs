using Haumai.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haumai.Web.Pages;

/// <summary>The front door: signed-in people go straight to their own area.</summary>
public sealed class IndexModel(CurrentUser me) : PageModel
{
    public IActionResult OnGet()
    {
        if (!me.IsAuthenticated)
        {
            return Page();
        }
        return LocalRedirect(me.IsStaff ? "/agent" : "/portal");
    }
}
