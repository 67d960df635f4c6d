-- 0004 notifications and the teams' working calendars (SQLite). Written from 'haumai schema script
-- --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md. Forward only.

-- The calendar a team works by: its agents' working hours (a notification that can wait is
-- delivered at the next one). Sales keeps office hours, as the source policies say.
ALTER TABLE "teams" ADD COLUMN "calendar_slug" TEXT NOT NULL DEFAULT '24x7';
UPDATE "teams" SET "calendar_slug" = 'office-hours' WHERE "slug" = 'sales';

CREATE TABLE "notifications" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "ticket_id" INTEGER NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NULL,
    "urgent" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "deliver_after" TEXT NOT NULL,
    "read_at" TEXT NULL,
    CONSTRAINT "FK_notifications_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_notifications_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_notifications_ticket_id" ON "notifications" ("ticket_id");

CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "id");
