using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(o => o.Slug).HasMaxLength(64).IsRequired();
        b.HasIndex(o => o.Slug).IsUnique();
        b.Property(o => o.Name).HasMaxLength(200).IsRequired();
        b.Property(o => o.Plan).HasConversion<string>().HasMaxLength(16);
        b.HasOne(o => o.Contract).WithOne().HasForeignKey<Contract>(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("contracts");
        b.Property(c => c.Number).HasMaxLength(64).IsRequired();
        b.Property(c => c.Terms).HasMaxLength(4000);
        b.HasIndex(c => c.OrganizationId).IsUnique();
    }
}
