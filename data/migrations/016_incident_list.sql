-- The incident list on millions of cases (issue 11: p95 ≤ 200 ms on a year of a million). The list asks
-- for a page in an order and a total (counted up to a cap: incident-list.repo.ts) under a jurisdiction
-- prefix, with filters on status, category, grid, period, source and due time. These indexes let each
-- typical question walk one index in the list's order, or count from the index alone: each carries the
-- columns the filters read (INCLUDE), so no case row is read until the page of 50 is chosen.

-- the default order (newest first) and period filters
create index incident_list_reported_idx on incident (reported_at, id)
  include (community_code, status, category_code, grid_code, due_at, source);

-- a community or street office (its code as a prefix), with the filters read from the index
drop index incident_community_idx;
create index incident_community_idx on incident (community_code text_pattern_ops, reported_at)
  include (status, category_code, grid_code, due_at, source);

-- open cases by due time (the overdue filter and the soonest-due order), with the place and filters
drop index incident_due_idx;
create index incident_due_idx on incident (due_at, id)
  include (community_code, status, category_code, grid_code)
  where status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back');

-- open cases by place: the duplicate hints of every report look for open cases of its category within 50 m
create index incident_open_geom_idx on incident using gist (geom)
  where status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back');

-- Fewer partitions: 014 made a partition for every year from 2015 to 2035, and every statement on cases or
-- timelines that does not name a period plans, locks and opens each of them with all its indexes (on 2 cores
-- about a third of a report's database time went there). Empty yearly partitions outside the year before
-- and after this one are dropped; a report creates its year's partition when it is missing
-- (incidents.repo.ts ensurePartition), and anything else lands in the default partition. No row is dropped.
do $$
declare
  y int;
  t text;
  empty boolean;
  this_year int := extract(year from now() at time zone 'Asia/Shanghai')::int;
begin
  for y in 2015..2035 loop
    continue when y between this_year - 1 and this_year + 1;
    foreach t in array array['incident', 'incident_event'] loop
      continue when to_regclass(format('%s_y%s', t, y)) is null;
      execute format('select not exists (select 1 from %I)', format('%s_y%s', t, y)) into empty;
      if empty then
        execute format('drop table %I', format('%s_y%s', t, y));
      end if;
    end loop;
  end loop;
end $$;
