namespace Haumai.Web.Infrastructure.Localization;

/// <summary>
/// Marker for <c>IStringLocalizer&lt;AdminText&gt;</c>. Strings of the admin pages (Pages/Admin). Keys are the English
/// text; AdminText.vi.resx beside this file holds the Vietnamese of every key (docs/ui.md).
/// </summary>
public sealed class AdminText
{
}
