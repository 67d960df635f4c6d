namespace Haumai.Web.Infrastructure.Localization;

/// <summary>
/// Marker for <c>IStringLocalizer&lt;AgentText&gt;</c>. Strings of the agent workspace (Pages/Agent). Keys are the English
/// text; AgentText.vi.resx beside this file holds the Vietnamese of every key (docs/ui.md).
/// </summary>
public sealed class AgentText
{
}
