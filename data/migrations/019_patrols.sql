-- Patrols (巡查): the devices that report workers' positions, their GPS fixes (partitioned by day, kept
-- for the retention the policy sets: workers' location history is personal data under PIPL), each
-- worker's current position for the live view, and patrols (a worker's walk: started and stopped in the
-- web app, or cut from a device's stream by a pause).

create table device (
  id            bigint generated always as identity primary key,
  user_id       bigint not null references app_user (id) on delete cascade,
  -- osmand: Traccar Client; owntracks: OwnTracks HTTP mode; web: Wangge's own phone app; gpx: imported tracks
  protocol      text not null check (protocol in ('osmand', 'owntracks', 'web', 'gpx')),
  identifier    text not null check (identifier ~ '^[A-Za-z0-9_.:@-]{1,64}$'),
  -- OwnTracks' Basic-auth password (a random secret shown once), stored as its SHA-256
  secret_hash   text,
  label         text check (length(label) <= 100),
  created_by    bigint references app_user (id) on delete set null,
  created_at    timestamptz not null default now(),
  revoked_at    timestamptz,
  last_seen_at  timestamptz
);
-- an identifier names one live device of its protocol; a revoked one may be given again
create unique index device_identifier_live_idx on device (protocol, identifier) where revoked_at is null;
create index device_user_idx on device (user_id);

create table patrol (
  id            bigint generated always as identity primary key,
  user_id       bigint not null references app_user (id) on delete cascade,
  device_id     bigint not null references device (id) on delete cascade,
  started_at    timestamptz not null,
  -- null while the patrol is open (the web app's until stopped; a device's until a long pause)
  ended_at      timestamptz,
  last_fix_at   timestamptz,
  fixes         int not null default 0 check (fixes >= 0),
  kept_fixes    int not null default 0 check (kept_fixes >= 0),
  distance_m    double precision not null default 0 check (distance_m >= 0),
  synthetic     boolean not null default false,
  check (ended_at is null or ended_at >= started_at)
);
create index patrol_user_time_idx on patrol (user_id, started_at desc);
create index patrol_time_idx on patrol (started_at);
create unique index patrol_open_idx on patrol (device_id) where ended_at is null;

-- One row per fix; (device, fix time) makes a fix sent twice one row. Partitions by day (gps_fix_YYYYMMDD)
-- are created as fixes arrive and dropped whole when the retention ends.
create table gps_fix (
  device_id     bigint not null,
  fixed_at      timestamptz not null,
  user_id       bigint not null,
  patrol_id     bigint not null,
  received_at   timestamptz not null default now(),
  geom          geometry(Point, 4326) not null,
  accuracy      real,
  speed         real,
  heading       real,
  altitude      real,
  battery       real,
  -- false: hygiene set it aside (poor accuracy, a speed jump, stationary jitter); it is kept for the record
  kept          boolean not null default true,
  drop_reason   text check (drop_reason in ('accuracy', 'speed_jump', 'stationary', 'duplicate')),
  attributes    jsonb,
  primary key (device_id, fixed_at)
) partition by range (fixed_at);
create index gps_fix_patrol_idx on gps_fix (patrol_id, fixed_at);
create index gps_fix_user_idx on gps_fix (user_id, fixed_at);

-- The partition of a day (UTC), created once; concurrent callers wait on one lock rather than race.
create function ensure_gps_fix_partition(p_day date) returns text language plpgsql as $$
declare
  name text := 'gps_fix_' || to_char(p_day, 'YYYYMMDD');
begin
  if to_regclass(name) is null then
    perform pg_advisory_xact_lock(hashtext('gps_fix_partition'), (p_day - date '2000-01-01'));
    if to_regclass(name) is null then
      execute format('create table %I partition of gps_fix for values from (%L) to (%L)',
        name, (p_day::timestamp at time zone 'UTC'), ((p_day + 1)::timestamp at time zone 'UTC'));
    end if;
  end if;
  return name;
end $$;

-- Each worker's latest fix, for the live view: one small row per worker, updated as fixes arrive.
create table worker_position (
  user_id       bigint primary key references app_user (id) on delete cascade,
  device_id     bigint not null references device (id) on delete cascade,
  patrol_id     bigint references patrol (id) on delete set null,
  fixed_at      timestamptz not null,
  geom          geometry(Point, 4326) not null,
  accuracy      real,
  speed         real,
  heading       real,
  updated_at    timestamptz not null default now()
);
create index worker_position_geom_idx on worker_position using gist (geom);
