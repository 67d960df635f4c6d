using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages;

/// <summary>The page people see for a status code without a body (404, 403, 429, 500).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedText> text) : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Detail { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    // A POST that ends in 404 (a form on a ticket one may not see) re-executes as a POST.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        Code = code;
        (Title, Detail) = code switch
        {
            404 => (text["Page not found"].Value, text["The page does not exist, or you may not see it."].Value),
            403 => (text["Not allowed"].Value, text["Your role does not allow this page."].Value),
            429 => (text["Not allowed"].Value, text["Too many requests; wait a minute and try again."].Value),
            _ => (text["Something went wrong"].Value, ""),
        };
        // A direct visit to /error/404 answers with that code too.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            Response.StatusCode = code is >= 400 and <= 599 ? code : 404;
        }
    }
}
