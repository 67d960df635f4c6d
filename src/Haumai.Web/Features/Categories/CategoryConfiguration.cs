using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Categories;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("categories");
        b.Property(c => c.Slug).HasMaxLength(64).IsRequired();
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Name).HasMaxLength(200).IsRequired();
        b.Property(c => c.NameEn).HasMaxLength(200).IsRequired();
        b.Property(c => c.DefaultPriority).HasConversion<int>();
        // The default is for rows that predate T6 (migration 0006); new ones always carry a value.
        b.Property(c => c.TypicalEffortMinutes).HasDefaultValue(Category.DefaultTypicalEffortMinutes);
        b.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
