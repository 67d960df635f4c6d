using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Tokens;

/// <summary>
/// X2: API tokens. The admin creates their own (the secret is shown once, on the answer to the
/// form, and never again) and sees and revokes everyone's. Tokens for other people are made with
/// <c>haumai token create</c> on the server, so that a web session cannot mint someone else's identity.
/// </summary>
public sealed class IndexModel(
    HaumaiDb db,
    CurrentUser me,
    ListApiTokens.Handler list,
    CreateApiToken.Handler create,
    IValidator<CreateApiToken.Request> validator,
    RevokeApiToken.Handler revoke,
    IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    [BindProperty(SupportsGet = true, Name = "user")] public int? UserFilter { get; set; }
    [BindProperty] public string? Name { get; set; }

    public IReadOnlyList<ListApiTokens.Row> Tokens { get; private set; } = [];
    public string? FilteredUserName { get; private set; }

    /// <summary>The secret of the token just created: rendered in this one response only.</summary>
    public CreateApiToken.Created? Created { get; private set; }

    public int MyId => me.Id;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var request = new CreateApiToken.Request(Name?.Trim());
        var validation = await validator.ValidateAsync(request, ct);
        ModelState.Clear();
        if (!validation.IsValid)
        {
            foreach (var failure in validation.Errors)
            {
                ModelState.AddModelError(nameof(Name), Localize(failure, T));
            }
            await LoadAsync(ct);
            return Page();
        }
        var myId = me.Id;
        var user = await db.Users.FirstAsync(u => u.Id == myId, ct);
        Created = await create.HandleAsync(user, request.Name!, ct);
        Name = null;
        // The page carries a live secret: no cache, no back-button copy.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int tokenId, CancellationToken ct)
    {
        if (!await revoke.HandleAsync(me.Id, me.IsAdmin, tokenId, ct))
        {
            return NotFound();
        }
        Flash(T["Token revoked: it no longer works."]);
        return LocalRedirect(UserFilter is { } u ? $"/admin/tokens?user={u}" : "/admin/tokens");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await list.HandleAsync(new ListApiTokens.Request(UserFilter), ct);
        if (UserFilter is { } userId)
        {
            FilteredUserName = await db.Users.Where(u => u.Id == userId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        }
    }
}
