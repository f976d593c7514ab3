-- Residents per building, kept by statement-level triggers, so that counting the residents of a
-- grid (validation after every edit, the grid panel, the planner's workload weights) adds up a few
-- hundred building rows instead of reading every resident: about 1 µs a resident, 250 ms for the
-- 285,000 of a 600-grid street office, against a millisecond.
--
-- A table of its own rather than columns of building: building rows carry geometry and are read by
-- every tile; counting there would rewrite them on every ledger edit and lock them.
--
-- The triggers see each statement's rows as transition tables (one aggregate per statement, so a
-- COPY of 300,000 residents costs one join, not 300,000 trigger calls) and write their deltas in
-- building order, so two statements touching the same buildings wait for each other, never deadlock.
create table building_people (
  building_id   bigint primary key references building (id) on delete cascade,
  residents     int not null default 0,
  special       int not null default 0
);

insert into building_people (building_id, residents, special)
select h.building_id, count(*), count(*) filter (where cardinality(r.special_groups) > 0)
from resident r join household h on h.id = r.household_id
group by h.building_id;

-- Adds per-building deltas (building_id, residents, special) that a trigger computed.
create function building_people_add(delta jsonb) returns void language sql as $$
  insert into building_people as b (building_id, residents, special)
  select d.building_id, d.residents, d.special
  from jsonb_to_recordset(delta) as d(building_id bigint, residents int, special int)
  where d.residents <> 0 or d.special <> 0
  order by d.building_id
  on conflict (building_id) do update
    set residents = b.residents + excluded.residents, special = b.special + excluded.special
$$;

create function resident_building_people() returns trigger language plpgsql as $$
declare delta jsonb;
begin
  if tg_op = 'INSERT' then
    select jsonb_agg(x) into delta from (
      select h.building_id, count(*)::int as residents, (count(*) filter (where cardinality(n.special_groups) > 0))::int as special
      from new_rows n join household h on h.id = n.household_id group by h.building_id) x;
  elsif tg_op = 'DELETE' then
    select jsonb_agg(x) into delta from (
      select h.building_id, -count(*)::int as residents, -(count(*) filter (where cardinality(o.special_groups) > 0))::int as special
      from old_rows o join household h on h.id = o.household_id group by h.building_id) x;
  else
    -- only rows whose household or special groups changed move a count
    select jsonb_agg(x) into delta from (
      select h.building_id, sum(c.n)::int as residents, sum(c.s)::int as special from (
        select n.household_id, 1 as n, (cardinality(n.special_groups) > 0)::int as s
        from new_rows n join old_rows o on o.id = n.id
        where n.household_id <> o.household_id or (cardinality(n.special_groups) > 0) <> (cardinality(o.special_groups) > 0)
        union all
        select o.household_id, -1, -(cardinality(o.special_groups) > 0)::int
        from new_rows n join old_rows o on o.id = n.id
        where n.household_id <> o.household_id or (cardinality(n.special_groups) > 0) <> (cardinality(o.special_groups) > 0)
      ) c join household h on h.id = c.household_id group by h.building_id) x;
  end if;
  if delta is not null then perform building_people_add(delta); end if;
  return null;
end $$;

create trigger resident_people_insert after insert on resident
  referencing new table as new_rows for each statement execute function resident_building_people();
create trigger resident_people_delete after delete on resident
  referencing old table as old_rows for each statement execute function resident_building_people();
create trigger resident_people_update after update on resident
  referencing old table as old_rows new table as new_rows for each statement execute function resident_building_people();

-- A household moved to another building takes its residents' counts along (a new household has no
-- residents yet, and one can only be deleted once its residents are).
create function household_building_people() returns trigger language plpgsql as $$
declare delta jsonb;
begin
  select jsonb_agg(x) into delta from (
    select b.building_id, sum(b.n)::int as residents, sum(b.s)::int as special from (
      select m.building_id, count(r.id) * m.sign as n, count(r.id) filter (where cardinality(r.special_groups) > 0) * m.sign as s
      from (select n.id, n.building_id, 1 as sign from new_rows n join old_rows o on o.id = n.id where n.building_id <> o.building_id
            union all
            select o.id, o.building_id, -1 from new_rows n join old_rows o on o.id = n.id where n.building_id <> o.building_id) m
      join resident r on r.household_id = m.id
      group by m.building_id, m.sign) b
    group by b.building_id) x;
  if delta is not null then perform building_people_add(delta); end if;
  return null;
end $$;

create trigger household_people_update after update on household
  referencing old table as old_rows new table as new_rows for each statement execute function household_building_people();

-- Emptying the residents (a test or a reload) empties the counts.
create function resident_people_truncate() returns trigger language plpgsql as $$
begin
  delete from building_people;
  return null;
end $$;

create trigger resident_people_truncate after truncate on resident
  for each statement execute function resident_people_truncate();
