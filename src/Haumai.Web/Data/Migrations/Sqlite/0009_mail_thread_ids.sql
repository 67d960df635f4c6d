-- 0009 Mail thread ids (Sqlite, E3): the Message-IDs Haumai received and sent, and their tickets, for threading and duplicates.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "mail_thread_ids" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_mail_thread_ids" PRIMARY KEY AUTOINCREMENT,
    "message_id" TEXT NOT NULL,
    "ticket_id" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_mail_thread_ids_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_mail_thread_ids_message_id" ON "mail_thread_ids" ("message_id");

CREATE INDEX "IX_mail_thread_ids_ticket_id" ON "mail_thread_ids" ("ticket_id");
