-- 0010 Inbound mail (Sqlite, E1): every raw message received, stored before it is processed, and what became of it (ticket, reply, ignored, parked).
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "inbound_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_inbound_messages" PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "mailbox_id" INTEGER NULL,
    "uid" INTEGER NULL,
    "uid_validity" INTEGER NULL,
    "message_id" TEXT NULL,
    "from_address" TEXT NULL,
    "raw" BLOB NOT NULL,
    "length" INTEGER NOT NULL,
    "received_at" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "processed_at" TEXT NULL,
    "ticket_id" INTEGER NULL,
    "ticket_message_id" INTEGER NULL,
    "created_ticket" INTEGER NOT NULL
);

CREATE INDEX "IX_inbound_messages_from_address_received_at" ON "inbound_messages" ("from_address", "received_at");

CREATE INDEX "IX_inbound_messages_message_id" ON "inbound_messages" ("message_id");

CREATE INDEX "IX_inbound_messages_state" ON "inbound_messages" ("state");
