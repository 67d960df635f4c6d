using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haumai.Web.Pages.Agent;

/// <summary>
/// C2: the agents' chat console (<c>/agent/chat</c>). The page is only the frame and its words:
/// everything live (lists, messages, presence) comes over the hub <c>/hubs/chat-agent</c> through
/// chat-console.js; the hub checks what the agent may do on every call, so the page reads nothing.
/// </summary>
public sealed class ChatModel : PageModel
{
    public void OnGet()
    {
    }
}
