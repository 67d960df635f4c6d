namespace Haumai.Web.Infrastructure.Localization;

/// <summary>
/// Marker for <c>IStringLocalizer&lt;PortalText&gt;</c>. Strings of the customer portal (Pages/Portal) and registration. Keys are the English
/// text; PortalText.vi.resx beside this file holds the Vietnamese of every key (docs/ui.md).
/// </summary>
public sealed class PortalText
{
}
