-- Foundation schema: jurisdictions, grid plans and grids, compounds, buildings,
-- the household/resident ledger, staff and role assignments, base-map layers.
-- Conventions: geometry in EPSG:4326; metres through geography; every large table
-- carries region_code (the 6-digit county code) as its distribution/region key.

create extension if not exists postgis;
create extension if not exists btree_gist;

-- 县/区 → 镇/街道 → 社区/村, with official statistical codes (6 / 9 / 12 digits).
create table jurisdiction (
  id          bigint generated always as identity primary key,
  code        text not null unique,
  name        text not null,
  level       text not null check (level in ('county', 'town', 'community')),
  parent_id   bigint references jurisdiction (id),
  region_code text not null check (region_code ~ '^\d{6}$'),
  household_min int not null default 200 check (household_min > 0),
  household_max int not null default 500,
  boundary_note text,
  geom        geometry(MultiPolygon, 4326),
  check (household_max >= household_min),
  check (
    (level = 'county'    and code ~ '^\d{6}$'  and parent_id is null) or
    (level = 'town'      and code ~ '^\d{9}$'  and parent_id is not null) or
    (level = 'community' and code ~ '^\d{12}$' and parent_id is not null)
  ),
  check (geom is null or ST_IsValid(geom))
);
create index jurisdiction_parent_idx on jurisdiction (parent_id);
create index jurisdiction_geom_idx on jurisdiction using gist (geom);

-- A versioned grid plan for one jurisdiction (a community or a whole town).
-- Published plans of the same scope never overlap in time; retired ones keep their dates.
create table grid_plan (
  id            bigint generated always as identity primary key,
  jurisdiction_id bigint not null references jurisdiction (id),
  region_code   text not null,
  name          text not null,
  status        text not null default 'draft' check (status in ('draft', 'published', 'retired')),
  valid_from    date,
  valid_to      date,
  version       int not null default 1,
  created_at    timestamptz not null default now(),
  published_at  timestamptz,
  check (status = 'draft' or valid_from is not null),
  check (valid_to is null or valid_from is null or valid_to > valid_from),
  check (status <> 'retired' or valid_to is not null),
  -- one plan in force per jurisdiction on any date: published/retired periods never overlap
  exclude using gist (jurisdiction_id with =, daterange(valid_from, valid_to) with &&) where (status <> 'draft')
);
create index grid_plan_jurisdiction_idx on grid_plan (jurisdiction_id, status);

-- 单元网格: 15-digit code (12-digit community code + 3-digit sequence; 14-digit legacy accepted).
create table grid (
  id            bigint generated always as identity primary key,
  plan_id       bigint not null references grid_plan (id) on delete cascade,
  community_id  bigint not null references jurisdiction (id),
  region_code   text not null,
  code          text not null check (code ~ '^\d{14,15}$'),
  name          text not null,
  geom          geometry(MultiPolygon, 4326) not null check (ST_IsValid(geom)),
  unique (plan_id, code)
);
create index grid_geom_idx on grid using gist (geom);
create index grid_plan_idx on grid (plan_id);
create index grid_community_idx on grid (community_id);

-- 小区: residential compounds.
create table compound (
  id            bigint generated always as identity primary key,
  community_id  bigint references jurisdiction (id),
  region_code   text not null,
  name          text,
  osm_id        text unique,
  synthetic     boolean not null default false,
  geom          geometry(MultiPolygon, 4326) not null check (ST_IsValid(geom))
);
create index compound_geom_idx on compound using gist (geom);

-- 楼栋. households/residents are the building's registered counts; *_estimated
-- marks values derived from footprint × floors (OSM has no household counts).
create table building (
  id            bigint generated always as identity primary key,
  community_id  bigint references jurisdiction (id),
  compound_id   bigint references compound (id),
  region_code   text not null,
  osm_id        text unique,
  name          text,
  address       text,
  kind          text not null default 'other' check (kind in ('residential', 'mixed', 'public', 'commercial', 'other')),
  floors        int check (floors between 1 and 200),
  floors_estimated boolean not null default false,
  entrances     int not null default 1 check (entrances >= 1),
  households    int not null default 0 check (households >= 0),
  households_estimated boolean not null default false,
  synthetic     boolean not null default false,
  geom          geometry(MultiPolygon, 4326) not null check (ST_IsValid(geom)),
  anchor        geometry(Point, 4326) generated always as (ST_PointOnSurface(geom)) stored
);
create index building_geom_idx on building using gist (geom);
create index building_anchor_idx on building using gist (anchor);
create index building_community_idx on building (community_id);

-- 户. Personal data lives here and in resident; access is governed by role scope.
create table household (
  id            bigint generated always as identity primary key,
  building_id   bigint not null references building (id),
  region_code   text not null,
  entrance      int not null default 1,
  room          text not null,
  housing       text not null default 'owned' check (housing in ('owned', 'rented', 'public', 'other')),
  synthetic     boolean not null default false,
  version       int not null default 1,
  updated_at    timestamptz not null default now()
);
create index household_building_idx on household (building_id);

-- 居民. special_groups uses the vocabulary of DESIGN.md §3.
create table resident (
  id            bigint generated always as identity primary key,
  household_id  bigint not null references household (id),
  region_code   text not null,
  name          text not null,
  id_number     text check (id_number ~ '^\d{17}[\dX]$'),
  phone         text,
  gender        text check (gender in ('M', 'F')),
  birth_date    date,
  relation      text not null default 'head',
  special_groups text[] not null default '{}' check (special_groups <@ array[
    'elderly_alone', 'disabled', 'low_income', 'unemployed', 'migrant', 'renter', 'key_person'
  ]::text[]),
  synthetic     boolean not null default false,
  version       int not null default 1,
  updated_at    timestamptz not null default now()
);
create index resident_household_idx on resident (household_id);
create index resident_groups_idx on resident using gin (special_groups);

-- Staff accounts and role assignments scoped to a jurisdiction node or a set of grids.
create table app_user (
  id            bigint generated always as identity primary key,
  username      text not null unique check (username ~ '^[a-z0-9_.-]{2,40}$'),
  display_name  text not null,
  phone         text,
  password_hash text,
  active        boolean not null default true,
  created_at    timestamptz not null default now()
);

create table role_assignment (
  id            bigint generated always as identity primary key,
  user_id       bigint not null references app_user (id) on delete cascade,
  role          text not null check (role in (
    'admin', 'planner', 'commander', 'supervisor', 'community_manager',
    'grid_leader', 'grid_assistant', 'officer', 'viewer')),
  jurisdiction_id bigint references jurisdiction (id),
  grid_codes    text[],
  created_at    timestamptz not null default now(),
  -- grid scopes name grid codes (stable across plan versions), not row ids
  check ((jurisdiction_id is null) <> (grid_codes is null))
);
create index role_assignment_user_idx on role_assignment (user_id);

-- Base-map layers from OpenStreetMap (or the synthetic generator).
create table road (
  id            bigint generated always as identity primary key,
  region_code   text not null,
  osm_id        text,
  name          text,
  class         text not null,
  geom          geometry(LineString, 4326) not null
);
create index road_geom_idx on road using gist (geom);

create table landcover (
  id            bigint generated always as identity primary key,
  region_code   text not null,
  osm_id        text,
  name          text,
  class         text not null check (class in ('water', 'green', 'campus', 'residential', 'other')),
  geom          geometry(MultiPolygon, 4326) not null check (ST_IsValid(geom))
);
create index landcover_geom_idx on landcover using gist (geom);

-- Cache versions of map layers: bumped by triggers so tile ETags change with the data.
create table layer_version (
  layer   text primary key,
  version bigint not null default 1
);
insert into layer_version (layer) values ('grids'), ('buildings'), ('roads'), ('jurisdictions'), ('landcover');

create function bump_layer_version() returns trigger language plpgsql as $$
begin
  update layer_version set version = version + 1 where layer = tg_argv[0];
  return null;
end $$;

create trigger grid_version after insert or update or delete or truncate on grid
  for each statement execute function bump_layer_version('grids');
create trigger grid_plan_version after insert or update or delete or truncate on grid_plan
  for each statement execute function bump_layer_version('grids');
-- households drive the grid colouring, so building changes bump both layers
create trigger building_version after insert or update or delete or truncate on building
  for each statement execute function bump_layer_version('buildings');
create trigger building_grid_version after insert or update or delete or truncate on building
  for each statement execute function bump_layer_version('grids');
create trigger road_version after insert or update or delete or truncate on road
  for each statement execute function bump_layer_version('roads');
create trigger jurisdiction_version after insert or update or delete or truncate on jurisdiction
  for each statement execute function bump_layer_version('jurisdictions');
create trigger landcover_version after insert or update or delete or truncate on landcover
  for each statement execute function bump_layer_version('landcover');

-- Grids in force on a date: published or retired plans whose validity covers it.
create function grids_on(d date) returns setof grid language sql stable as $$
  select g.* from grid g join grid_plan p on p.id = g.plan_id
  where p.status in ('published', 'retired')
    and p.valid_from <= d and (p.valid_to is null or p.valid_to > d)
$$;

-- "Which grid was building X in on date D": the grid holding the building's anchor point.
create function grid_of_building(p_building bigint, d date) returns setof grid language sql stable as $$
  select g.* from building b cross join lateral grids_on(d) g
  where b.id = p_building and ST_Intersects(g.geom, b.anchor)
$$;

-- Which demo/synthetic datasets have been loaded (so start-up loads each once).
create table dataset (
  name       text primary key,
  loaded_at  timestamptz not null default now(),
  details    jsonb not null default '{}'
);
