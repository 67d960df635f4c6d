using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal;

/// <summary>
/// Registration (anonymous): by the invitation link (<c>?code=</c>) or by an address at a claimed
/// domain. Rate limited like sign-in: it answers whether an address has an account.
/// </summary>
[EnableRateLimiting(AuthSetup.SignInRateLimit)]
public sealed class RegisterModel(Register.Handler register, FindInvitation.Handler findInvitation, CurrentUser me, IStringLocalizer<PortalText> text)
    : PortalPageModel(text)
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? InvitationCode { get; set; }

    /// <summary>The invitation of the link, to greet the person with their organization's name.</summary>
    public FindInvitation.Found? Invitation { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        if (me.IsAuthenticated)
        {
            return LocalRedirect(me.IsStaff ? "/agent" : "/portal");
        }
        InvitationCode = code?.Trim();
        await DescribeInvitationAsync(ct);
        if (Invitation is { State: InvitationState.Pending } invitation)
        {
            Email = invitation.Email;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await register.HandleAsync(new Register.Request(Name, Email, Password, InvitationCode), ct);
        if (result.User is not { } user)
        {
            AddError(result.Error!);
            await DescribeInvitationAsync(ct);
            return Page();
        }
        await CookieSignIn.SignInAsync(HttpContext, user);
        return LocalRedirect("/portal");
    }

    private async Task DescribeInvitationAsync(CancellationToken ct)
    {
        Invitation = await findInvitation.HandleAsync(InvitationCode, ct);
        if (HttpMethods.IsGet(Request.Method) && !string.IsNullOrWhiteSpace(InvitationCode))
        {
            // Say at once when the link cannot work, rather than after the form is filled in.
            var problem = Invitation?.State switch
            {
                null => "This invitation code is not valid. Check the link you received.",
                InvitationState.Accepted => "This invitation has already been used. Sign in, or ask for a new invitation.",
                InvitationState.Revoked => "This invitation was withdrawn. Ask your organization's admin for a new one.",
                InvitationState.Expired => "This invitation has expired. Ask your organization's admin for a new one.",
                _ => null,
            };
            if (problem is not null)
            {
                AddError(new FieldError(nameof(InvitationCode), problem));
            }
        }
    }
}
