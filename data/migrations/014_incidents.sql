-- Incidents (事件): the cases, their timelines, photos, followers and notifications, and the
-- departments (责任单位) cases are dispatched to. The workflow itself is pure domain code
-- (server/src/features/incidents/workflow.domain.ts); `state` holds what it needs beyond the columns
-- that queries filter on, and every transition rewrites both in one statement guarded by `version`.

-- A responsible unit of a street office or county (城管执法队, 环卫所, 房管所…); its users act on the
-- cases dispatched to it, whatever their grants.
create table department (
  id              bigint generated always as identity primary key,
  jurisdiction_id bigint not null references jurisdiction (id),
  region_code     text not null,
  name            text not null check (length(name) between 1 and 100),
  -- a kind of responsible unit (RESPONSIBLE_UNIT_KINDS), matched against the category's
  kind            text not null,
  phone           text check (phone is null or length(phone) <= 40),
  active          boolean not null default true,
  created_at      timestamptz not null default now(),
  unique (jurisdiction_id, name)
);
create index department_kind_idx on department (jurisdiction_id, kind) where active;

create table department_member (
  department_id bigint not null references department (id) on delete cascade,
  user_id       bigint not null references app_user (id) on delete cascade,
  primary key (department_id, user_id)
);
create index department_member_user_idx on department_member (user_id);

-- One case. Partitioned by the report time: cases grow without bound and every list, tile and
-- indicator asks for a period. Place columns are fixed at report time (the plan in force then) and
-- never follow later plans. Codes are stored beside ids so scopes (code prefixes) need no join.
create table incident (
  id               bigint generated always as identity,
  reported_at      timestamptz not null,
  region_code      text not null,
  category_code    text not null references incident_category (code) on update cascade,
  description      text not null check (length(description) between 1 and 2000),
  source           text not null check (source in ('patrol', 'resident', 'hotline', 'video', 'assigned', 'open311')),
  geom             geometry(Point, 4326) not null,
  address          text check (address is null or length(address) <= 200),
  grid_id          bigint,
  grid_code        text,
  grid_name        text,
  plan_id          bigint,
  community_id     bigint not null,
  community_code   text not null,
  town_id          bigint,
  town_code        text,
  county_id        bigint,
  county_code      text,
  status           text not null check (status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'closed', 'evaluated', 'deferred', 'ledger', 'voided')),
  level            text not null check (level in ('grid', 'community', 'street', 'county')),
  state            jsonb not null,
  assignee_kind    text check (assignee_kind in ('department', 'community', 'grid')),
  assignee_id      text,
  department_id    bigint,
  reporter_user_id bigint,
  -- a resident's name and phone: personal data, shown masked to the case's handlers, never in public
  reporter_name    text check (reporter_name is null or length(reporter_name) <= 50),
  reporter_phone   text check (reporter_phone is null or length(reporter_phone) <= 40),
  anonymous        boolean not null default false,
  limit_value      numeric,
  limit_unit       text check (limit_unit in ('working_hours', 'working_days', 'hours')),
  due_at           timestamptz,
  due_provisional  boolean not null default false,
  calendar_version text,
  accepted_at      timestamptz,
  dispatched_at    timestamptz,
  fed_back_at      timestamptz,
  closed_at        timestamptz,
  closed_on_time   boolean,
  self_handled     boolean not null default false,
  rework_count     integer not null default 0,
  rating           smallint check (rating between 1 and 5),
  rating_comment   text check (rating_comment is null or length(rating_comment) <= 1000),
  merged_into      bigint,
  -- the demo's generated history: never mistaken for real cases
  synthetic        boolean not null default false,
  version          integer not null default 1,
  updated_at       timestamptz not null default now(),
  primary key (id, reported_at)
) partition by range (reported_at);

create index incident_id_idx on incident (id);
create index incident_community_idx on incident (community_code text_pattern_ops, reported_at);
create index incident_grid_idx on incident (grid_code, reported_at);
create index incident_status_idx on incident (status, reported_at);
create index incident_category_idx on incident (category_code, reported_at);
create index incident_department_idx on incident (department_id, status) where department_id is not null;
create index incident_reporter_idx on incident (reporter_user_id) where reporter_user_id is not null;
create index incident_due_idx on incident (due_at) where status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back');
create index incident_geom_idx on incident using gist (geom);
create index incident_reported_brin on incident using brin (reported_at);

-- Yearly partitions for the years around now; a default partition catches anything else, so no
-- report is ever refused for its date (incident.repo's ensurePartition adds next year's at start).
do $$
declare y int;
begin
  for y in 2015..2035 loop
    execute format('create table incident_y%s partition of incident for values from (%L) to (%L)',
      y, make_date(y, 1, 1)::timestamptz, make_date(y + 1, 1, 1)::timestamptz);
  end loop;
end $$;
create table incident_default partition of incident default;

-- The case's history: one row per report, transition, merge or photo; partitioned like the cases.
create table incident_event (
  id            bigint generated always as identity,
  incident_id   bigint not null,
  at            timestamptz not null,
  region_code   text not null,
  action        text not null,
  actor_user_id bigint,
  actor_role    text not null,
  from_status   text,
  to_status     text not null,
  level         text not null,
  note          text check (note is null or length(note) <= 4000),
  attachments   text[] not null default '{}',
  detail        jsonb,
  primary key (id, at)
) partition by range (at);
create index incident_event_incident_idx on incident_event (incident_id, at);
do $$
declare y int;
begin
  for y in 2015..2035 loop
    execute format('create table incident_event_y%s partition of incident_event for values from (%L) to (%L)',
      y, make_date(y, 1, 1)::timestamptz, make_date(y + 1, 1, 1)::timestamptz);
  end loop;
end $$;
create table incident_event_default partition of incident_event default;

-- Photos live on disk under the configured folder; the table knows which case and which step they
-- belong to and what their EXIF said before it was stripped.
create table incident_photo (
  id           bigint generated always as identity primary key,
  incident_id  bigint not null,
  region_code  text not null,
  file         text not null unique,
  mime         text not null,
  width        integer,
  height       integer,
  bytes        integer,
  taken_at     timestamptz,
  geom         geometry(Point, 4326),
  uploaded_by  bigint references app_user (id),
  created_at   timestamptz not null default now()
);
create index incident_photo_incident_idx on incident_photo (incident_id);

-- Who follows a case besides its handlers: its reporter (a resident by a token link, or a user), and
-- the reporters of duplicates merged into it, each informed and each rating on their own.
create table incident_follower (
  id           bigint generated always as identity primary key,
  incident_id  bigint not null,
  token_hash   text unique,
  user_id      bigint references app_user (id) on delete cascade,
  rating       smallint check (rating between 1 and 5),
  rating_comment text check (rating_comment is null or length(rating_comment) <= 1000),
  rated_at     timestamptz,
  created_at   timestamptz not null default now(),
  check (token_hash is not null or user_id is not null)
);
create index incident_follower_incident_idx on incident_follower (incident_id);
create unique index incident_follower_user_idx on incident_follower (incident_id, user_id) where user_id is not null;

-- In-app notifications; `dedupe` makes the server's own reminders and overdue flags idempotent.
create table notification (
  id          bigint generated always as identity primary key,
  user_id     bigint not null references app_user (id) on delete cascade,
  incident_id bigint not null,
  kind        text not null,
  dedupe      text not null default '',
  created_at  timestamptz not null default now(),
  read_at     timestamptz,
  unique (user_id, incident_id, kind, dedupe)
);
create index notification_user_idx on notification (user_id, created_at desc);
