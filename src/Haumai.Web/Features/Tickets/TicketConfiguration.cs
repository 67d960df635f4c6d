using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Tickets;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.ToTable("tickets");
        b.Property(t => t.Id).UseIdentityByDefaultColumn().HasIdentityOptions(startValue: 10001);
        b.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength).IsRequired();
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Priority).HasConversion<int>();
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Property(t => t.EtaSource).HasConversion<string>().HasMaxLength(16);
        b.Ignore(t => t.Number);

        b.HasOne<User>().WithMany().HasForeignKey(t => t.RequesterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Category>().WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Ticket>().WithMany().HasForeignKey(t => t.FollowUpOfId).OnDelete(DeleteBehavior.SetNull);

        b.HasMany(t => t.Messages).WithOne(m => m.Ticket).HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Tags).WithOne().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Events).WithOne(e => e.Ticket).HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(t => t.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(t => t.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(t => t.Events).UsePropertyAccessMode(PropertyAccessMode.Field);

        // The queue (T5) reads open work by priority then arrival (id order). Each index leads with
        // the filter it serves so that any page is one index seek: see ListQueue.
        b.HasIndex(t => new { t.IsOpen, t.Priority, t.Id }).HasDatabaseName("ix_tickets_queue");
        b.HasIndex(t => new { t.TeamId, t.IsOpen, t.Priority, t.Id }).HasDatabaseName("ix_tickets_queue_team");
        b.HasIndex(t => new { t.AssigneeId, t.IsOpen, t.Priority, t.Id }).HasDatabaseName("ix_tickets_queue_assignee");
        b.HasIndex(t => new { t.RequesterId, t.Id }).HasDatabaseName("ix_tickets_requester");
        b.HasIndex(t => new { t.OrganizationId, t.Id }).HasDatabaseName("ix_tickets_organization");
        b.HasIndex(t => t.CategoryId);
        // S3: the queue sorted by the nearest SLA due time pages on (due, id) the same way; a breach
        // scanner finds "open and due by now" with one range scan of the first.
        b.HasIndex(t => new { t.IsOpen, t.NextSlaDueAt, t.Id }).HasDatabaseName("ix_tickets_sla_due");
        b.HasIndex(t => new { t.TeamId, t.IsOpen, t.NextSlaDueAt, t.Id }).HasDatabaseName("ix_tickets_sla_due_team");
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> b)
    {
        b.ToTable("ticket_messages");
        b.Property(m => m.Body).HasMaxLength(TicketMessage.MaxBodyLength).IsRequired();
        // No declared length: the cap is the entity's, and text costs the same as a long varchar.
        b.Property(m => m.BodyHtml);
        b.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.TicketId, m.Id });
        b.HasMany(m => m.Attachments).WithOne(a => a.Message).HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.SetNull);
        b.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TicketTagConfiguration : IEntityTypeConfiguration<TicketTag>
{
    public void Configure(EntityTypeBuilder<TicketTag> b)
    {
        b.ToTable("ticket_tags");
        b.HasKey(t => new { t.TicketId, t.Name });
        b.Property(t => t.Name).HasMaxLength(Ticket.MaxTagLength);
        b.HasIndex(t => t.Name);
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> b)
    {
        b.ToTable("ticket_events");
        b.Property(e => e.Type).HasMaxLength(40).IsRequired();
        b.Property(e => e.Data).HasMaxLength(4000);
        b.HasOne<User>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(e => new { e.TicketId, e.Id });
    }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> b)
    {
        b.ToTable("ticket_attachments");
        b.Property(a => a.FileName).HasMaxLength(255).IsRequired();
        b.Property(a => a.ContentType).HasMaxLength(127).IsRequired();
        b.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        b.Property(a => a.StorageKey).HasMaxLength(300).IsRequired();
        b.Property(a => a.ContentId).HasMaxLength(TicketAttachment.MaxContentIdLength);
        b.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(a => a.UploadedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.TicketId);
    }
}
