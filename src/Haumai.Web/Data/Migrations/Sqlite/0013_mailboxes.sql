-- 0013 Mailboxes (Sqlite, E1, E3): IMAP mailboxes admins configure and where reading got to, Cc'd participants of tickets, Cc on outbound mail, follow-up links.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "mailboxes" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_mailboxes" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "tls" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "protected_secret" TEXT NOT NULL,
    "folder" TEXT NOT NULL,
    "move_to_folder" TEXT NULL,
    "team_id" INTEGER NULL,
    "is_active" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "uid_validity" INTEGER NULL,
    "last_uid" INTEGER NOT NULL,
    "last_polled_at" TEXT NULL,
    "last_error" TEXT NULL,
    "last_error_at" TEXT NULL,
    CONSTRAINT "FK_mailboxes_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL
);

CREATE TABLE "ticket_participants" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_ticket_participants" PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "added_at" TEXT NOT NULL,
    CONSTRAINT "FK_ticket_participants_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE
);

ALTER TABLE "inbound_messages" ADD COLUMN "remote_done_at" TEXT NULL;

ALTER TABLE "outbound_mails" ADD COLUMN "cc" TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX "IX_inbound_messages_mailbox_id_uid_validity_uid" ON "inbound_messages" ("mailbox_id", "uid_validity", "uid");

CREATE UNIQUE INDEX "IX_mailboxes_name" ON "mailboxes" ("name");

CREATE INDEX "IX_mailboxes_team_id" ON "mailboxes" ("team_id");

CREATE UNIQUE INDEX "IX_ticket_participants_ticket_id_email" ON "ticket_participants" ("ticket_id", "email");

-- E3: a ticket that follows up a closed one links to it.
ALTER TABLE "tickets" ADD COLUMN "follow_up_of_id" INTEGER NULL CONSTRAINT "FK_tickets_tickets_follow_up_of_id" REFERENCES "tickets" ("id") ON DELETE SET NULL;

CREATE INDEX "IX_tickets_follow_up_of_id" ON "tickets" ("follow_up_of_id");
