-- Reference data of incidents: the category table (national event classes 01-06 with their minor
-- classes, the grid ledger domains and local extensions) and the working-day calendar (public holidays
-- and adjusted working days, 调休). Only the schema: the rows come from data/incidents/categories.json
-- and data/calendar/cn-workdays.json, seeded at every start by incident-reference.seed.ts, which keeps
-- what an admin has edited.

-- A class (2 digits, no parent) or a minor class (4 digits under its class). Conditions, limit and
-- responsible unit belong to minor classes; a minor class without a limit follows the default of the
-- level that dispatches the case (data/incidents/policies.json).
create table incident_category (
  code           text primary key check (code ~ '^[0-9]{2}([0-9]{2})?$'),
  parent_code    text references incident_category (code) on update cascade,
  name_zh        text not null check (length(name_zh) between 1 and 50),
  name_en        text not null check (length(name_en) between 1 and 100),
  -- event: national event classes; grid: grid ledger domains; local: a town's own extensions
  kind           text not null check (kind in ('event', 'grid', 'local')),
  filing_zh      text,
  filing_en      text,
  closing_zh     text,
  closing_en     text,
  limit_value    numeric check (limit_value > 0 and limit_value <= 3650),
  limit_unit     text check (limit_unit in ('working_hours', 'working_days', 'hours')),
  -- a kind of responsible unit (RESPONSIBLE_UNIT_KINDS); the departments themselves are each town's data
  responsible    text,
  active         boolean not null default true,
  sort_order     integer not null default 0,
  version        integer not null default 1,
  updated_at     timestamptz not null default now(),
  check ((length(code) = 2) = (parent_code is null)),
  check (parent_code is null or code like parent_code || '__'),
  check ((limit_value is null) = (limit_unit is null)),
  check (limit_unit is distinct from 'working_days' or limit_value = trunc(limit_value)),
  check (length(code) = 2 or (filing_zh is not null and closing_zh is not null and responsible is not null)),
  check (length(code) = 4 or (limit_value is null and responsible is null))
);
create index incident_category_parent_idx on incident_category (parent_code, sort_order);

-- Days that break the Monday–Friday rule: a public holiday on a weekday, or a weekend day worked (调休).
-- source 'chinese-days' rows follow the data file at every start; 'admin' rows are local corrections
-- the seed never touches.
create table work_calendar_day (
  day         date primary key,
  kind        text not null check (kind in ('holiday', 'workday')),
  name_zh     text not null default '',
  name_en     text not null default '',
  source      text not null check (source in ('chinese-days', 'admin')),
  updated_at  timestamptz not null default now()
);

-- The years whose arrangement is known; a deadline reaching into any other year is provisional.
create table work_calendar_year (
  year        integer primary key check (year between 1949 and 2200),
  source      text not null check (source in ('chinese-days', 'admin')),
  version     text not null,
  updated_at  timestamptz not null default now()
);
