-- Patrol coverage (巡查覆盖, issue 12): the roads cut into short street pieces, when each building and
-- piece was last passed, and the daily figures per grid and worker. The figures outlive the raw GPS fixes:
-- once the retention drops a day's fixes (PIPL), only these rows say who patrolled where.

-- A road cut into pieces of at most 25 m, so "the share of the street length walked" counts what was
-- walked, not whole kilometre-long roads. Pieces go with their road (roads are replaced, not edited).
create table street_piece (
  id             bigint generated always as identity primary key,
  road_id        bigint not null references road (id) on delete cascade,
  region_code    text not null,
  seq            int not null,
  geom           geometry(LineString, 4326) not null,
  length_m       double precision not null check (length_m >= 0),
  -- the grid in force that holds the piece's midpoint (kept current by refresh_street_pieces and by
  -- each coverage computation of today); null outside every grid
  grid_code      text,
  last_walked_at timestamptz,
  last_walked_by bigint references app_user (id) on delete set null,
  unique (road_id, seq)
);
create index street_piece_geom_idx on street_piece using gist (geom);
create index street_piece_grid_idx on street_piece (grid_code);
create index street_piece_region_idx on street_piece (region_code);

-- A road whose line is edited in place loses its pieces; the next refresh cuts it anew.
create function street_piece_road_changed() returns trigger language plpgsql as $$
begin
  delete from street_piece where road_id = new.id;
  return null;
end $$;
create trigger road_pieces_stale after update of geom on road
  for each row when (not ST_Equals(old.geom, new.geom)) execute function street_piece_road_changed();

-- The UTM zone (WGS 84) of a point: pieces are cut in metres there.
create function utm_srid(p geometry) returns int language sql immutable as $$
  select (case when ST_Y(p) >= 0 then 32600 else 32700 end) + least(60, greatest(1, floor((ST_X(p) + 180) / 6)::int + 1))
$$;

-- Cuts the roads of a region (every region when null) that have no pieces yet into equal pieces of at
-- most 25 m, and files every piece of the region under the grid in force today (Asia/Shanghai) that holds
-- its midpoint. Pieces of unchanged roads keep when they were last walked; a replaced road's new pieces
-- start unwalked. Returns the number of pieces cut.
create function refresh_street_pieces(p_region text default null) returns int language plpgsql as $$
declare
  cut int;
  today date := (now() at time zone 'Asia/Shanghai')::date;
begin
  with todo as (
    select r.id, r.region_code, ST_Transform(r.geom, utm_srid(ST_StartPoint(r.geom))) as m, utm_srid(ST_StartPoint(r.geom)) as srid
    from road r
    where (p_region is null or r.region_code = p_region)
      and not exists (select 1 from street_piece s where s.road_id = r.id)
  ), parts as (
    select t.id, t.region_code, t.m, t.srid, greatest(1, ceil(ST_Length(t.m) / 25.0))::int as n from todo t
  ), pieces as (
    select p.id, p.region_code, i as seq,
      ST_Transform(ST_LineSubstring(p.m, i::float8 / p.n, (i + 1)::float8 / p.n), 4326) as geom
    from parts p cross join lateral generate_series(0, p.n - 1) i
  )
  insert into street_piece (road_id, region_code, seq, geom, length_m)
  select id, region_code, seq, geom, ST_Length(geom::geography) from pieces
  where ST_GeometryType(geom) = 'ST_LineString';
  get diagnostics cut = row_count;

  update street_piece s set grid_code = x.code
  from street_piece s2
  left join lateral (
    select g.code from grids_on(today) g
    where g.geom && ST_LineInterpolatePoint(s2.geom, 0.5) and ST_Intersects(g.geom, ST_LineInterpolatePoint(s2.geom, 0.5))
    order by g.code limit 1) x on true
  where s.id = s2.id and (p_region is null or s2.region_code = p_region) and s.grid_code is distinct from x.code;
  return cut;
end $$;

-- When a patrol last came within the configured distance of a building (the latest of every computed day).
create table building_visit (
  building_id    bigint primary key references building (id) on delete cascade,
  last_passed_at timestamptz not null,
  last_passed_by bigint references app_user (id) on delete set null
);

-- One worker's patrol inside one grid on one calendar day (Asia/Shanghai): time and distance inside the
-- grid, and the fixes counted there.
create table patrol_grid_day (
  day          date not null,
  grid_id      bigint not null references grid (id) on delete cascade,
  grid_code    text not null,
  region_code  text not null,
  user_id      bigint not null references app_user (id) on delete cascade,
  minutes      numeric not null check (minutes >= 0),
  distance_m   double precision not null check (distance_m >= 0),
  fixes        int not null check (fixes >= 0),
  first_at     timestamptz,
  last_at      timestamptz,
  primary key (day, grid_id, user_id)
);
create index patrol_grid_day_grid_idx on patrol_grid_day (grid_code, day);
create index patrol_grid_day_user_idx on patrol_grid_day (user_id, day);

-- Each grid of the plan in force on a day: was it patrolled, and how much of its buildings and streets
-- did the day's patrols pass. Rows for every grid of the computed jurisdictions, patrolled or not.
create table grid_coverage_day (
  day              date not null,
  grid_id          bigint not null references grid (id) on delete cascade,
  grid_code        text not null,
  plan_id          bigint not null references grid_plan (id) on delete cascade,
  community_id     bigint not null references jurisdiction (id),
  region_code      text not null,
  buildings_total  int not null check (buildings_total >= 0),
  buildings_passed int not null check (buildings_passed >= 0 and buildings_passed <= buildings_total),
  street_m_total   double precision not null check (street_m_total >= 0),
  street_m_walked  double precision not null check (street_m_walked >= 0),
  minutes          numeric not null default 0 check (minutes >= 0),
  distance_m       double precision not null default 0 check (distance_m >= 0),
  patrolled        boolean not null,
  computed_at      timestamptz not null,
  primary key (day, grid_id)
);
create index grid_coverage_day_grid_idx on grid_coverage_day (grid_code, day);
create index grid_coverage_day_community_idx on grid_coverage_day (community_id, day);
