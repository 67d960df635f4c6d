using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.CannedResponses;

internal sealed class CannedResponseConfiguration : IEntityTypeConfiguration<CannedResponse>
{
    public void Configure(EntityTypeBuilder<CannedResponse> b)
    {
        b.ToTable("canned_responses");
        b.Property(c => c.Title).HasMaxLength(CannedResponse.MaxTitleLength).IsRequired();
        b.Property(c => c.Body).HasMaxLength(CannedResponse.MaxBodyLength).IsRequired();
        b.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.TeamId);
    }
}
