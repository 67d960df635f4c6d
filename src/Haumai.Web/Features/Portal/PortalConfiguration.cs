using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Portal;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations");
        b.Property(i => i.Email).HasMaxLength(320).IsRequired();
        b.Property(i => i.CodeHash).HasMaxLength(Invitation.CodeHashLength).IsRequired();
        b.HasIndex(i => i.CodeHash).IsUnique();
        // The admin lists show an organization's invitations; a new one withdraws earlier ones by email.
        b.HasIndex(i => new { i.OrganizationId, i.Email });
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(i => i.AcceptedUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class OrganizationDomainConfiguration : IEntityTypeConfiguration<OrganizationDomain>
{
    public void Configure(EntityTypeBuilder<OrganizationDomain> b)
    {
        b.ToTable("organization_domains");
        b.Property(d => d.Domain).HasMaxLength(OrganizationDomain.MaxLength).IsRequired();
        // One organization per domain: the database says so too, so two admins claiming at once cannot both win.
        b.HasIndex(d => d.Domain).IsUnique();
        b.HasIndex(d => d.OrganizationId);
        b.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(d => d.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
