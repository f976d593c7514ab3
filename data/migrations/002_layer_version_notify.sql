-- Tell every app instance when a map layer changes, so they can keep layer versions in
-- memory (ETags, tile cache keys) instead of querying them on every tile request.
create or replace function bump_layer_version() returns trigger language plpgsql as $$
declare v bigint;
begin
  update layer_version set version = version + 1 where layer = tg_argv[0] returning version into v;
  perform pg_notify('wangge_layer_version', tg_argv[0] || ':' || v);
  return null;
end $$;
