using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Kind).HasMaxLength(40).IsRequired();
        b.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength).IsRequired();
        b.Property(n => n.Body).HasMaxLength(4000);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Ticket>().WithMany().HasForeignKey(n => n.TicketId).OnDelete(DeleteBehavior.Cascade);
        // A person's inbox, newest first: (user, id) serves "mine, by recency".
        b.HasIndex(n => new { n.UserId, n.Id }).HasDatabaseName("ix_notifications_user");
        b.HasIndex(n => n.TicketId);
    }
}
