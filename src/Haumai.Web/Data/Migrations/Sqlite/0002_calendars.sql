-- 0002 business calendars and the holiday change log (SQLite). Written from
-- 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.
-- Forward only: never edit once released.

CREATE TABLE "calendars" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_calendars" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "weekly_hours" TEXT NOT NULL,
    "vietnamese_holidays" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "calendar_closures" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_calendar_closures" PRIMARY KEY AUTOINCREMENT,
    "calendar_id" INTEGER NOT NULL,
    "local_start" TEXT NOT NULL,
    "local_end" TEXT NOT NULL,
    "reason" TEXT NULL,
    CONSTRAINT "FK_calendar_closures_calendars_calendar_id" FOREIGN KEY ("calendar_id") REFERENCES "calendars" ("id") ON DELETE CASCADE
);

CREATE TABLE "calendar_make_up_days" (
    "calendar_id" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "hours" TEXT NOT NULL,
    "reason" TEXT NULL,
    CONSTRAINT "PK_calendar_make_up_days" PRIMARY KEY ("calendar_id", "date"),
    CONSTRAINT "FK_calendar_make_up_days_calendars_calendar_id" FOREIGN KEY ("calendar_id") REFERENCES "calendars" ("id") ON DELETE CASCADE
);

CREATE TABLE "holiday_changes" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_holiday_changes" PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "date" TEXT NULL,
    "new_date" TEXT NULL,
    "dates" TEXT NULL,
    "name" TEXT NULL,
    "name_en" TEXT NULL,
    "kind" TEXT NULL,
    "reason" TEXT NULL,
    "changed_by_id" INTEGER NOT NULL,
    "changed_at" TEXT NOT NULL,
    CONSTRAINT "FK_holiday_changes_users_changed_by_id" FOREIGN KEY ("changed_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_calendar_closures_calendar_id" ON "calendar_closures" ("calendar_id");

CREATE UNIQUE INDEX "IX_calendars_slug" ON "calendars" ("slug");

CREATE INDEX "IX_holiday_changes_changed_by_id" ON "holiday_changes" ("changed_by_id");

CREATE INDEX "IX_holiday_changes_year_id" ON "holiday_changes" ("year", "id");

-- The two calendars of the source policies (S1): technical support around the clock, sales in
-- office hours on Vietnamese working days. Features refer to them by slug; admins may edit them.
-- The weekly hours are in the JSON form WeeklyHoursJson writes.
INSERT INTO calendars (slug, name, name_en, time_zone, weekly_hours, vietnamese_holidays, created_at, updated_at) VALUES
  ('24x7', 'Cả ngày, mọi ngày (24/7)', 'Around the clock (24/7)', 'Asia/Ho_Chi_Minh',
   '{"monday":["00:00-24:00"],"tuesday":["00:00-24:00"],"wednesday":["00:00-24:00"],"thursday":["00:00-24:00"],"friday":["00:00-24:00"],"saturday":["00:00-24:00"],"sunday":["00:00-24:00"]}',
   0, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('office-hours', 'Giờ hành chính', 'Office hours', 'Asia/Ho_Chi_Minh',
   '{"monday":["08:30-18:00"],"tuesday":["08:30-18:00"],"wednesday":["08:30-18:00"],"thursday":["08:30-18:00"],"friday":["08:30-18:00"],"saturday":[],"sunday":[]}',
   1, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'));
