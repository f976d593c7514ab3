-- Grid planning studio (issue 4): the plan workflow, grid lineage and locks, the operation log,
-- review comments, standard-code allocation, building parcels and stored auto-plan proposals.

-- Workflow: draft → review → approved → published (→ retired); a rejected plan goes back to draft.
do $$
declare c record;
begin
  for c in select conname from pg_constraint
    where conrelid = 'grid_plan'::regclass and contype in ('c', 'x') loop
    execute format('alter table grid_plan drop constraint %I', c.conname);
  end loop;
end $$;

alter table grid_plan
  -- the jurisdiction whose grids this draft may change (the plan's own jurisdiction, or one community of it)
  add column scope_id       bigint references jurisdiction (id),
  -- the plan in force this draft was taken from (publishing refuses if the scope changed since)
  add column base_plan_id   bigint references grid_plan (id),
  add column description    text,
  add column created_by     bigint references app_user (id),
  add column submitted_by   bigint references app_user (id),
  add column submitted_at   timestamptz,
  add column reviewed_by    bigint references app_user (id),
  add column reviewed_at    timestamptz,
  add column review_comment text,
  add column published_by   bigint references app_user (id),
  add column updated_at     timestamptz not null default now();

update grid_plan set scope_id = jurisdiction_id where scope_id is null;
alter table grid_plan alter column scope_id set not null;

-- loaders that know nothing of scopes (demo, generator, imports) plan a whole jurisdiction
create function grid_plan_default_scope() returns trigger language plpgsql as $$
begin
  new.scope_id := coalesce(new.scope_id, new.jurisdiction_id);
  return new;
end $$;
create trigger grid_plan_default_scope before insert on grid_plan
  for each row execute function grid_plan_default_scope();

alter table grid_plan
  add constraint grid_plan_status_check
    check (status in ('draft', 'review', 'approved', 'published', 'retired')),
  add constraint grid_plan_dates_check
    check (status in ('draft', 'review', 'approved') or valid_from is not null),
  add constraint grid_plan_period_check
    check (valid_to is null or valid_from is null or valid_to > valid_from),
  add constraint grid_plan_retired_check
    check (status <> 'retired' or valid_to is not null),
  -- one plan in force per jurisdiction on any date: published/retired periods never overlap
  add constraint grid_plan_in_force_excl
    exclude using gist (jurisdiction_id with =, daterange(valid_from, valid_to) with &&)
    where (status in ('published', 'retired'));
create index grid_plan_scope_idx on grid_plan (scope_id, status);

-- Lineage: a split or merged grid names the codes it came from; a locked grid refuses edits;
-- a grid outside the household band carries the planner's written justification.
alter table grid
  add column parent_codes  text[] not null default '{}',
  add column locked        boolean not null default false,
  add column justification text,
  add column updated_at    timestamptz not null default now();

-- Standard codes are never reused: the last sequence handed out per community, across all plans.
create table grid_code_counter (
  community_id bigint primary key references jurisdiction (id),
  last_seq     int not null check (last_seq >= 0)
);

-- The next unused 15-digit code of a community (never below any code already stored).
create function next_grid_code(p_community bigint) returns text language plpgsql as $$
declare
  prefix text;
  used int;
  s int;
begin
  select code into prefix from jurisdiction where id = p_community and level = 'community';
  if prefix is null then
    raise exception 'jurisdiction % is not a community', p_community using errcode = '22023';
  end if;
  select coalesce(max(right(code, 3)::int), 0) into used from grid
    where community_id = p_community and length(code) = 15;
  insert into grid_code_counter as k (community_id, last_seq) values (p_community, used + 1)
    on conflict (community_id) do update set last_seq = greatest(k.last_seq, used) + 1
    returning last_seq into s;
  if s > 999 then
    raise exception 'community % has used all 999 grid codes', prefix using errcode = '22023';
  end if;
  return prefix || lpad(s::text, 3, '0');
end $$;

-- Every committed change to a plan: who, when, what, and the grids before → after (for undo/redo).
create table plan_operation (
  id           bigint generated always as identity primary key,
  plan_id      bigint not null references grid_plan (id) on delete cascade,
  plan_version int not null,
  user_id      bigint references app_user (id),
  at           timestamptz not null default now(),
  kind         text not null,
  summary      jsonb not null default '{}',
  before       jsonb not null default '[]',
  after        jsonb not null default '[]',
  reverts      bigint references plan_operation (id)
);
create index plan_operation_plan_idx on plan_operation (plan_id, id desc);

-- Review comments, optionally pinned to a grid code.
create table plan_comment (
  id         bigint generated always as identity primary key,
  plan_id    bigint not null references grid_plan (id) on delete cascade,
  user_id    bigint references app_user (id),
  at         timestamptz not null default now(),
  grid_code  text,
  body       text not null check (length(body) between 1 and 4000)
);
create index plan_comment_plan_idx on plan_comment (plan_id, at);

-- Building parcels: the community cut into one piece per building (Voronoi cells inside street
-- blocks) plus pieces with no building; grids are unions of parcels, so they tile by construction.
-- base_key records the base data they were computed from, so they are rebuilt when it changes.
create table parcel (
  id           bigint generated always as identity primary key,
  community_id bigint not null references jurisdiction (id) on delete cascade,
  region_code  text not null,
  building_id  bigint references building (id) on delete cascade,
  block_no     int not null,
  geom         geometry(MultiPolygon, 4326) not null
);
create index parcel_community_idx on parcel (community_id);
create index parcel_building_idx on parcel (building_id);
create index parcel_geom_idx on parcel using gist (geom);

create table parcel_state (
  community_id bigint primary key references jurisdiction (id) on delete cascade,
  base_key     text not null,
  computed_at  timestamptz not null default now()
);

-- Automatic proposals, kept so the planner can accept one by id without resending geometry.
create table plan_proposal (
  id           bigint generated always as identity primary key,
  plan_id      bigint not null references grid_plan (id) on delete cascade,
  created_by   bigint references app_user (id),
  created_at   timestamptz not null default now(),
  kind         text not null default 'auto' check (kind in ('auto', 'rebalance', 'replan')),
  params       jsonb not null,
  alternatives jsonb not null
);
create index plan_proposal_plan_idx on plan_proposal (plan_id, id desc);
