-- The incident heatmap (issue 11, "Seeing it"): tiles over any time window, fast at 1,000,000 cases a year.
--
-- A tile asks for the cases of one window inside one square of the Web-Mercator pyramid. Each case keeps
-- `tile_key`, the Morton code (x and y bits interleaved) of its Web-Mercator position at level 26 (~0.6 m), and
-- `reported_day`, its UTC day number. A tile at zoom z is then one contiguous range of keys, and a heatmap cell
-- (1/32 of the tile across) is the key shifted right; so one B-tree on (reported_day, tile_key) finds a window's
-- cases in a tile with a descent per day, and carries in its leaf every column a tile filters, scopes and draws
-- by, so low-zoom tiles are index-only scans grouped by integer shifts (no ST_Transform per case).
-- The arithmetic on the server's side is server/src/features/incidents/incident-tiles.domain.ts.
-- Measured on 1,000,000 cases over a year (bench/RESULTS.md, section incidents-tiles); a daily roll-up of cells
-- was considered and left out: at this density nearly every (day, cell, category, status) holds one case, so it
-- would be as large as the index and could not serve department or own-report scopes.

-- The level-26 Morton code of a point (x in the even bits, y in the odd ones), y counted from the north as
-- tiles are; latitudes beyond Web Mercator's ±85.0511° are clamped to its edge.
create function incident_tile_key(g geometry) returns bigint language plpgsql immutable strict parallel safe as $$
declare
  lat double precision := greatest(-85.0511287798, least(85.0511287798, ST_Y(g)));
  x bigint := least(67108863, greatest(0, floor((ST_X(g) + 180) / 360 * 67108864)))::bigint;
  y bigint := least(67108863, greatest(0, floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 67108864)))::bigint;
begin
  x := (x | (x << 16)) & 281470681808895;       -- 0x0000FFFF0000FFFF
  x := (x | (x << 8)) & 71777214294589695;      -- 0x00FF00FF00FF00FF
  x := (x | (x << 4)) & 1085102592571150095;    -- 0x0F0F0F0F0F0F0F0F
  x := (x | (x << 2)) & 3689348814741910323;    -- 0x3333333333333333
  x := (x | (x << 1)) & 6148914691236517205;    -- 0x5555555555555555
  y := (y | (y << 16)) & 281470681808895;
  y := (y | (y << 8)) & 71777214294589695;
  y := (y | (y << 4)) & 1085102592571150095;
  y := (y | (y << 2)) & 3689348814741910323;
  y := (y | (y << 1)) & 6148914691236517205;
  return x | (y << 1);
end $$;

-- The (x, y) of a Morton code (the inverse of the interleaving above), for a cell's place in its tile.
create function incident_key_xy(k bigint, out x integer, out y integer) language plpgsql immutable strict parallel safe as $$
declare
  a bigint := k & 6148914691236517205;
  b bigint := (k >> 1) & 6148914691236517205;
begin
  a := (a | (a >> 1)) & 3689348814741910323;
  a := (a | (a >> 2)) & 1085102592571150095;
  a := (a | (a >> 4)) & 71777214294589695;
  a := (a | (a >> 8)) & 281470681808895;
  a := (a | (a >> 16)) & 4294967295;
  b := (b | (b >> 1)) & 3689348814741910323;
  b := (b | (b >> 2)) & 1085102592571150095;
  b := (b | (b >> 4)) & 71777214294589695;
  b := (b | (b >> 8)) & 281470681808895;
  b := (b | (b >> 16)) & 4294967295;
  x := a;
  y := b;
end $$;

alter table incident
  add column reported_day integer generated always as (floor(extract(epoch from (reported_at - timestamptz '1970-01-01 00:00:00+00')) / 86400)::integer) stored,
  add column tile_key bigint generated always as (incident_tile_key(geom)) stored;

create index incident_heat_idx on incident (reported_day, tile_key)
  include (reported_at, category_code, status, community_code, grid_code, department_id, reporter_user_id, id);
