-- 0001 initial schema (SQLite). Written from 'haumai schema script --provider Sqlite' and reviewed;
-- see docs/adr/001-sql-migrations.md. Forward only: never edit once released, add 0002.

CREATE TABLE "organizations" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_organizations" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);

CREATE TABLE "teams" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_teams" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "assignment" TEXT NOT NULL,
    "last_assigned_user_id" INTEGER NULL
);

CREATE TABLE "contracts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_contracts" PRIMARY KEY AUTOINCREMENT,
    "organization_id" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "starts_on" TEXT NOT NULL,
    "ends_on" TEXT NULL,
    "terms" TEXT NULL,
    CONSTRAINT "FK_contracts_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);

CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_users" PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "password_hash" TEXT NULL,
    "organization_id" INTEGER NULL,
    "is_org_admin" INTEGER NOT NULL,
    "is_active" INTEGER NOT NULL,
    "failed_sign_ins" INTEGER NOT NULL,
    "lockout_ends_at" TEXT NULL,
    "language" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_users_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "categories" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_categories" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "team_id" INTEGER NULL,
    "default_priority" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "is_active" INTEGER NOT NULL,
    CONSTRAINT "FK_categories_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL
);

CREATE TABLE "api_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "last_used_at" TEXT NULL,
    "revoked_at" TEXT NULL,
    CONSTRAINT "FK_api_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "idempotency_records" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_idempotency_records" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "location" TEXT NULL,
    "response_body" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_idempotency_records_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "team_members" (
    "team_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "is_lead" INTEGER NOT NULL,
    CONSTRAINT "PK_team_members" PRIMARY KEY ("team_id", "user_id"),
    CONSTRAINT "FK_team_members_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_team_members_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "tickets" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_tickets" PRIMARY KEY AUTOINCREMENT,
    "subject" TEXT NOT NULL,
    "requester_id" INTEGER NOT NULL,
    "organization_id" INTEGER NULL,
    "channel" TEXT NOT NULL,
    "category_id" INTEGER NULL,
    "priority" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "is_open" INTEGER NOT NULL,
    "assignee_id" INTEGER NULL,
    "team_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "solved_at" TEXT NULL,
    "closed_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_tickets_categories_category_id" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_tickets_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_tickets_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_tickets_users_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_tickets_users_requester_id" FOREIGN KEY ("requester_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "ticket_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_ticket_events" PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "actor_id" INTEGER NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_ticket_events_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_ticket_events_users_actor_id" FOREIGN KEY ("actor_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE TABLE "ticket_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_ticket_messages" PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "is_internal" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_ticket_messages_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_ticket_messages_users_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "ticket_tags" (
    "ticket_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "PK_ticket_tags" PRIMARY KEY ("ticket_id", "name"),
    CONSTRAINT "FK_ticket_tags_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE
);

CREATE TABLE "ticket_attachments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_ticket_attachments" PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "message_id" INTEGER NULL,
    "uploaded_by_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_ticket_attachments_ticket_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "ticket_messages" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_ticket_attachments_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_ticket_attachments_users_uploaded_by_id" FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_api_tokens_hash" ON "api_tokens" ("hash");

CREATE INDEX "IX_api_tokens_user_id" ON "api_tokens" ("user_id");

CREATE UNIQUE INDEX "IX_categories_slug" ON "categories" ("slug");

CREATE INDEX "IX_categories_team_id" ON "categories" ("team_id");

CREATE UNIQUE INDEX "IX_contracts_organization_id" ON "contracts" ("organization_id");

CREATE INDEX "IX_idempotency_records_created_at" ON "idempotency_records" ("created_at");

CREATE UNIQUE INDEX "IX_idempotency_records_user_id_key" ON "idempotency_records" ("user_id", "key");

CREATE UNIQUE INDEX "IX_organizations_slug" ON "organizations" ("slug");

CREATE INDEX "IX_team_members_user_id" ON "team_members" ("user_id");

CREATE UNIQUE INDEX "IX_teams_slug" ON "teams" ("slug");

CREATE INDEX "IX_ticket_attachments_message_id" ON "ticket_attachments" ("message_id");

CREATE INDEX "IX_ticket_attachments_ticket_id" ON "ticket_attachments" ("ticket_id");

CREATE INDEX "IX_ticket_attachments_uploaded_by_id" ON "ticket_attachments" ("uploaded_by_id");

CREATE INDEX "IX_ticket_events_actor_id" ON "ticket_events" ("actor_id");

CREATE INDEX "IX_ticket_events_ticket_id_id" ON "ticket_events" ("ticket_id", "id");

CREATE INDEX "IX_ticket_messages_author_id" ON "ticket_messages" ("author_id");

CREATE INDEX "IX_ticket_messages_ticket_id_id" ON "ticket_messages" ("ticket_id", "id");

CREATE INDEX "IX_ticket_tags_name" ON "ticket_tags" ("name");

CREATE INDEX "IX_tickets_category_id" ON "tickets" ("category_id");

CREATE INDEX "ix_tickets_organization" ON "tickets" ("organization_id", "id");

CREATE INDEX "ix_tickets_queue" ON "tickets" ("is_open", "priority", "id");

CREATE INDEX "ix_tickets_queue_assignee" ON "tickets" ("assignee_id", "is_open", "priority", "id");

CREATE INDEX "ix_tickets_queue_team" ON "tickets" ("team_id", "is_open", "priority", "id");

CREATE INDEX "ix_tickets_requester" ON "tickets" ("requester_id", "id");

CREATE UNIQUE INDEX "IX_users_email" ON "users" ("email");

CREATE INDEX "IX_users_organization_id" ON "users" ("organization_id");

-- Ticket ids are also their human numbers and start at #10001.
INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 10000);

-- The two teams of the source policies and the T2 categories. Admins rename, re-route and add
-- to them later; nothing refers to these rows by id.
INSERT INTO teams (slug, name, assignment) VALUES ('technical', 'Hỗ trợ kỹ thuật', 'Manual');
INSERT INTO teams (slug, name, assignment) VALUES ('sales', 'Kinh doanh', 'Manual');

INSERT INTO categories (slug, name, name_en, team_id, default_priority, position, is_active) VALUES
  ('usage-guidance', 'Hướng dẫn sử dụng', 'Usage guidance', (SELECT id FROM teams WHERE slug = 'technical'), 4, 10, 1),
  ('technical-fault', 'Lỗi kỹ thuật', 'Technical fault', (SELECT id FROM teams WHERE slug = 'technical'), 2, 20, 1),
  ('question', 'Câu hỏi về dịch vụ, sản phẩm, thanh toán', 'Question (service, product, billing)', (SELECT id FROM teams WHERE slug = 'sales'), 4, 30, 1),
  ('operations-incident', 'Sự cố vận hành (email, hosting, tên miền)', 'Operations incident (email, hosting, domain)', (SELECT id FROM teams WHERE slug = 'technical'), 2, 40, 1),
  ('complaint', 'Khiếu nại', 'Complaint', (SELECT id FROM teams WHERE slug = 'sales'), 2, 50, 1),
  ('training-request', 'Yêu cầu đào tạo', 'Training request', (SELECT id FROM teams WHERE slug = 'technical'), 4, 60, 1),
  ('warranty-claim', 'Yêu cầu bảo hành', 'Warranty claim', (SELECT id FROM teams WHERE slug = 'technical'), 2, 70, 1),
  ('paid-work-request', 'Yêu cầu dịch vụ có phí', 'Paid-work request', (SELECT id FROM teams WHERE slug = 'sales'), 3, 80, 1),
  ('sales-enquiry', 'Tư vấn bán hàng', 'Sales enquiry', (SELECT id FROM teams WHERE slug = 'sales'), 3, 90, 1);
