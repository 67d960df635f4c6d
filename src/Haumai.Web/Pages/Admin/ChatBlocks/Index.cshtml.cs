using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Chat;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.ChatBlocks;

/// <summary>C4: the blocked chat visitors (IP ranges and emails); an admin adds and lifts blocks here.</summary>
public sealed class IndexModel(
    HaumaiDb db,
    CurrentUser me,
    BlockChatVisitor.Handler block,
    IValidator<BlockChatVisitor.Request> validator,
    UnblockChatVisitor.Handler unblock,
    IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public sealed record Row(int Id, string Target, bool IsIpRange, string Reason, string By, DateTime CreatedAt);

    public sealed class BlockForm
    {
        public string? Target { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty] public BlockForm Input { get; set; } = new();

    public IReadOnlyList<Row> Blocks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var request = new BlockChatVisitor.Request(Input.Target, Input.Reason);
        if (await IsValidAsync(validator, request, ct))
        {
            var added = await block.HandleAsync(request, me.Id, ct);
            Flash(T["Blocked: {0}.", added.IpRange ?? added.Email ?? ""]);
            return LocalRedirect("/admin/chat-blocks");
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int blockId, CancellationToken ct)
    {
        if (!await unblock.HandleAsync(blockId, ct))
        {
            return NotFound();
        }
        Flash(T["The block is lifted."]);
        return LocalRedirect("/admin/chat-blocks");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Set<ChatBlock>().AsNoTracking()
            .Join(db.Users, b => b.CreatedBy, u => u.Id, (b, u) => new { b.Id, b.IpRange, b.Email, b.Reason, u.Name, b.CreatedAt })
            .ToListAsync(ct);
        // Sorted here: SQLite cannot order by a DateTime in SQL.
        Blocks = rows.OrderByDescending(b => b.CreatedAt)
            .Select(b => new Row(b.Id, b.IpRange ?? b.Email ?? "", b.IpRange is not null, b.Reason, b.Name, b.CreatedAt)).ToList();
    }
}
