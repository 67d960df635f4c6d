using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Chat;

/// <summary>C4: an admin lifts a block.</summary>
public static class UnblockChatVisitor
{
    public sealed class Handler(HaumaiDb db, ChatBlocks blocks)
    {
        /// <summary>False if there was no such block. The cache is reloaded so this node lets the visitor in at once.</summary>
        public async Task<bool> HandleAsync(int id, CancellationToken ct)
        {
            var block = await db.Set<ChatBlock>().FirstOrDefaultAsync(b => b.Id == id, ct);
            if (block is null)
            {
                return false;
            }
            db.Set<ChatBlock>().Remove(block);
            await db.SaveChangesAsync(ct);
            await blocks.ReloadAsync(db, ct);
            return true;
        }
    }
}
