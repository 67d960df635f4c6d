using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Sla;

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> b)
    {
        b.ToTable("sla_policies");
        b.Property(p => p.Name).HasMaxLength(SlaPolicy.MaxNameLength).IsRequired();
        b.Property(p => p.NameEn).HasMaxLength(SlaPolicy.MaxNameLength).IsRequired();
        // A slug, not a foreign key: calendars are their own feature (and table), and a policy
        // must survive a calendar store that is replaced or rebuilt.
        b.Property(p => p.CalendarSlug).HasMaxLength(64).IsRequired();
        b.Property(p => p.Plan).HasConversion<string>().HasMaxLength(16);
        b.Ignore(p => p.Conditions);

        // Restrict: dropping a condition silently (SET NULL) would widen the policy to every ticket.
        b.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(p => p.TeamId).OnDelete(DeleteBehavior.Restrict);

        b.HasMany(p => p.Targets).WithOne().HasForeignKey(t => t.SlaPolicyId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SlaTargetConfiguration : IEntityTypeConfiguration<SlaTarget>
{
    public void Configure(EntityTypeBuilder<SlaTarget> b)
    {
        b.ToTable("sla_targets");
        b.HasKey(t => new { t.SlaPolicyId, t.Priority });
        b.Property(t => t.Priority).HasConversion<int>();
    }
}
