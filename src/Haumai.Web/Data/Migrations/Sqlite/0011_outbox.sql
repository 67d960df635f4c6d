-- 0011 Outbox (Sqlite, E4): mail to customers (replies, acknowledgements), stored with what it announces and sent with retries.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "outbound_mails" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_outbound_mails" PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "ticket_message_id" INTEGER NULL,
    "kind" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message_id" TEXT NULL,
    "raw_message" BLOB NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "last_error" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "sent_at" TEXT NULL,
    CONSTRAINT "FK_outbound_mails_ticket_messages_ticket_message_id" FOREIGN KEY ("ticket_message_id") REFERENCES "ticket_messages" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_outbound_mails_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_outbound_mails_state_next_attempt_at" ON "outbound_mails" ("state", "next_attempt_at");

CREATE INDEX "IX_outbound_mails_ticket_id" ON "outbound_mails" ("ticket_id");

CREATE INDEX "IX_outbound_mails_ticket_message_id" ON "outbound_mails" ("ticket_message_id");
