-- 0015 Live chat (Sqlite, C1-C4): widgets, conversations and their messages, agents' chat presence, blocked visitors.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "chat_widgets" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_chat_widgets" PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "team_id" INTEGER NOT NULL,
    "allowed_origins" TEXT NOT NULL,
    "require_contact" INTEGER NOT NULL,
    "color" TEXT NOT NULL,
    "greeting_vi" TEXT NULL,
    "greeting_en" TEXT NULL,
    "is_active" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_chat_widgets_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT
);

CREATE TABLE "chat_agents" (
    "user_id" INTEGER NOT NULL CONSTRAINT "PK_chat_agents" PRIMARY KEY,
    "presence" TEXT NOT NULL,
    "max_chats" INTEGER NOT NULL,
    "connections" INTEGER NOT NULL,
    "seen_at" TEXT NOT NULL,
    CONSTRAINT "FK_chat_agents_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "chat_blocks" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_chat_blocks" PRIMARY KEY AUTOINCREMENT,
    "ip_range" TEXT NULL,
    "email" TEXT NULL,
    "reason" TEXT NOT NULL,
    "created_by" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_chat_blocks_users_created_by" FOREIGN KEY ("created_by") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "chat_conversations" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_chat_conversations" PRIMARY KEY AUTOINCREMENT,
    "widget_id" INTEGER NOT NULL,
    "team_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "visitor_name" TEXT NULL,
    "visitor_email" TEXT NULL,
    "visitor_phone" TEXT NULL,
    "customer_id" INTEGER NULL,
    "visitor_ip" TEXT NULL,
    "origin" TEXT NULL,
    "page_url" TEXT NULL,
    "language" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "assignee_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "accepted_at" TEXT NULL,
    "ended_at" TEXT NULL,
    "last_activity_at" TEXT NOT NULL,
    "visitor_read_up_to" INTEGER NOT NULL,
    "agent_read_up_to" INTEGER NOT NULL,
    "ticket_id" INTEGER NULL,
    CONSTRAINT "FK_chat_conversations_chat_widgets_widget_id" FOREIGN KEY ("widget_id") REFERENCES "chat_widgets" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_chat_conversations_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_chat_conversations_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_chat_conversations_users_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_chat_conversations_users_customer_id" FOREIGN KEY ("customer_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE TABLE "chat_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_chat_messages" PRIMARY KEY AUTOINCREMENT,
    "conversation_id" INTEGER NOT NULL,
    "sender" TEXT NOT NULL,
    "author_id" INTEGER NULL,
    "body" TEXT NOT NULL,
    "client_id" TEXT NULL,
    "attachment_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_chat_messages_chat_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "chat_conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_chat_messages_ticket_attachments_attachment_id" FOREIGN KEY ("attachment_id") REFERENCES "ticket_attachments" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_chat_messages_users_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE INDEX "IX_chat_blocks_created_by" ON "chat_blocks" ("created_by");

CREATE INDEX "IX_chat_conversations_assignee_id_state" ON "chat_conversations" ("assignee_id", "state");

CREATE INDEX "IX_chat_conversations_customer_id" ON "chat_conversations" ("customer_id");

CREATE INDEX "IX_chat_conversations_team_id_state_id" ON "chat_conversations" ("team_id", "state", "id");

CREATE INDEX "IX_chat_conversations_ticket_id" ON "chat_conversations" ("ticket_id");

CREATE UNIQUE INDEX "IX_chat_conversations_token_hash" ON "chat_conversations" ("token_hash");

CREATE INDEX "IX_chat_conversations_widget_id" ON "chat_conversations" ("widget_id");

CREATE INDEX "IX_chat_messages_attachment_id" ON "chat_messages" ("attachment_id");

CREATE INDEX "IX_chat_messages_author_id" ON "chat_messages" ("author_id");

CREATE UNIQUE INDEX "IX_chat_messages_conversation_id_client_id" ON "chat_messages" ("conversation_id", "client_id");

CREATE INDEX "IX_chat_messages_conversation_id_id" ON "chat_messages" ("conversation_id", "id");

CREATE UNIQUE INDEX "IX_chat_widgets_key" ON "chat_widgets" ("key");

CREATE INDEX "IX_chat_widgets_team_id" ON "chat_widgets" ("team_id");

