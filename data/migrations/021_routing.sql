-- Walking network for suggested patrol routes (issue 12), routed with pgRouting: the roads of a region
-- noded at their intersections, cut into edges of at most ~50 m (so every point of a street is near a
-- vertex), costs in metres, both directions (people walk one-way streets both ways). Rebuilt per region
-- when its roads change: a trigger marks the region stale, the route service or the roads import rebuilds.

do $$
begin
  if not exists (select 1 from pg_available_extensions where name = 'pgrouting') then
    raise exception 'pgRouting is not installed on this PostgreSQL server. Install it there (Debian/Ubuntu: apt-get install postgresql-%-pgrouting; macOS: brew install pgrouting) or use a PostgreSQL image that has it',
      current_setting('server_version_num')::int / 10000;
  end if;
end $$;
create extension if not exists pgrouting;

-- One row per region whose network exists or must be built; `stale` until the network matches its roads.
create table route_network (
  region_code text primary key,
  stale       boolean not null default true,
  built_at    timestamptz,
  edges       int not null default 0,
  vertices    int not null default 0
);

create table route_vertex (
  id          bigint generated always as identity primary key,
  region_code text not null,
  -- pgRouting's connected component (its smallest vertex id): routes stay inside one component
  component   bigint,
  geom        geometry(Point, 4326) not null
);
create index route_vertex_geom_idx on route_vertex using gist (region_code, geom);

create table route_edge (
  id          bigint generated always as identity primary key,
  region_code text not null,
  source      bigint not null,
  target      bigint not null,
  length_m    double precision not null check (length_m >= 0),
  geom        geometry(LineString, 4326) not null
);
create index route_edge_geom_idx on route_edge using gist (region_code, geom);

-- Road classes nobody walks: motorways and their ramps, roads not built or long gone, race and bus tracks.
create function route_excluded_classes() returns text[] language sql immutable as $$
  select array['motorway', 'motorway_link', 'construction', 'proposed', 'abandoned', 'raceway', 'bus_guideway', 'busway']
$$;

-- Rebuilds the network of a region from its roads (only when stale unless p_force); returns its edge count.
-- The region's row is locked first, so a roads change committed meanwhile marks it stale again after us.
create function rebuild_route_network(p_region text, p_force boolean default true) returns int language plpgsql as $$
declare
  was_stale boolean;
  n_edges int;
  n_vertices int;
begin
  insert into route_network as n (region_code) values (p_region)
    on conflict (region_code) do update set region_code = n.region_code
    returning n.stale into was_stale;
  if not (was_stale or p_force) then
    select edges into n_edges from route_network where region_code = p_region;
    return n_edges;
  end if;
  delete from route_edge where region_code = p_region;
  delete from route_vertex where region_code = p_region;

  -- noded and dissolved on a 1e-7° (~1 cm) grid (every crossing and every road's end a vertex: a corner
  -- where two roads meet stays one, for targets and workers to snap to), then cut into equal parts;
  -- vertices are the parts' ends, matched to them by their exact coordinates
  with noded as (
    select (ST_Dump(ST_UnaryUnion(ST_Collect(r.geom), 1e-7))).geom as geom
    from road r where r.region_code = p_region and r.class <> all (route_excluded_classes())
  ), parts as (
    select geom, greatest(1, ceil(ST_Length(geom::geography) / 40.0))::int as n from noded
    where GeometryType(geom) = 'LINESTRING' and not ST_IsEmpty(geom)
  ), cut as materialized (
    select g.geom, ST_Length(g.geom::geography) as length_m,
      ST_X(ST_StartPoint(g.geom)) as x0, ST_Y(ST_StartPoint(g.geom)) as y0, ST_X(ST_EndPoint(g.geom)) as x1, ST_Y(ST_EndPoint(g.geom)) as y1
    from parts p cross join lateral generate_series(0, p.n - 1) i
      cross join lateral (select ST_LineSubstring(p.geom, i::float8 / p.n, (i + 1)::float8 / p.n) as geom) g
    where GeometryType(g.geom) = 'LINESTRING'
  ), ends as (
    select x0 as x, y0 as y from cut union select x1, y1 from cut
  ), vertices as (
    insert into route_vertex (region_code, geom) select p_region, ST_SetSRID(ST_MakePoint(x, y), 4326) from ends
    returning id, ST_X(geom) as x, ST_Y(geom) as y
  )
  insert into route_edge (region_code, source, target, length_m, geom)
  select p_region, s.id, t.id, c.length_m, c.geom
  from cut c join vertices s on s.x = c.x0 and s.y = c.y0 join vertices t on t.x = c.x1 and t.y = c.y1;
  get diagnostics n_edges = row_count;
  select count(*) into n_vertices from route_vertex where region_code = p_region;

  if n_edges > 0 then
    update route_vertex v set component = c.component
    from pgr_connectedComponents(format(
      'select id, source, target, length_m as cost, length_m as reverse_cost from route_edge where region_code = %L', p_region)) c
    where v.id = c.node;
  end if;
  update route_network set stale = false, built_at = now(), edges = n_edges, vertices = n_vertices
    where region_code = p_region;
  return n_edges;
end $$;

-- Any change of roads marks the regions it touched stale (a truncate: every region).
create function route_network_roads_changed() returns trigger language plpgsql as $$
begin
  insert into route_network as n (region_code) select distinct region_code from changed
    on conflict (region_code) do update set stale = true where not n.stale;
  return null;
end $$;
create function route_network_roads_updated() returns trigger language plpgsql as $$
begin
  insert into route_network as n (region_code)
    select region_code from old_rows union select region_code from new_rows
    on conflict (region_code) do update set stale = true where not n.stale;
  return null;
end $$;
create function route_network_roads_truncated() returns trigger language plpgsql as $$
begin
  update route_network set stale = true where not stale;
  return null;
end $$;
create trigger road_route_inserted after insert on road referencing new table as changed
  for each statement execute function route_network_roads_changed();
create trigger road_route_deleted after delete on road referencing old table as changed
  for each statement execute function route_network_roads_changed();
create trigger road_route_updated after update on road referencing old table as old_rows new table as new_rows
  for each statement execute function route_network_roads_updated();
create trigger road_route_truncated after truncate on road
  for each statement execute function route_network_roads_truncated();
