-- Building numbers (楼号) for the ledger's addresses: "农大小区-北区 3号楼 2单元 703室" instead of the
-- database id. Most buildings come from OpenStreetMap without a name or house number, so an unnamed
-- building is given the next free number in its compound (or, outside any compound, in its
-- community), numbered north → south, west → east like grid codes. A number once given stays: it
-- is what the ledger and the field workers call the building. Named buildings keep their name;
-- numbers continue after the ones names like "10号楼" already use, so they never collide.

alter table building add column number text check (number ~ '^[0-9A-Za-z-]{1,10}$');

create function wangge_number_buildings(ids bigint[]) returns void
  language sql as $$
  with fresh as (
    select b.id, b.compound_id, case when b.compound_id is null then b.community_id end as community_id,
           ST_Y(b.anchor) as y, ST_X(b.anchor) as x
    from building b where b.id = any(ids) and b.name is null and b.number is null
  ), top as (
    select o.compound_id, case when o.compound_id is null then o.community_id end as community_id,
           coalesce(max(coalesce(substring(o.number from '^\d{1,6}'), substring(o.name from '^(\d{1,6})号楼$'))::int), 0) as n
    from building o
    where o.compound_id in (select compound_id from fresh)
       or (o.compound_id is null and o.community_id in (select community_id from fresh))
    group by 1, 2
  ), numbered as (
    select f.id, coalesce(t.n, 0) + row_number() over (partition by f.compound_id, f.community_id order by f.y desc, f.x, f.id) as num
    from fresh f left join top t on t.compound_id is not distinct from f.compound_id and t.community_id is not distinct from f.community_id
  )
  update building b set number = numbered.num::text from numbered where b.id = numbered.id
$$;

-- one statement-level trigger numbers a whole import (or the demo load) in one pass, in map order
create function wangge_number_new_buildings() returns trigger
  language plpgsql as $$
begin
  perform wangge_number_buildings(array(select id from added where name is null and number is null));
  return null;
end $$;

create trigger building_number_after_insert after insert on building
  referencing new table as added for each statement execute function wangge_number_new_buildings();

select wangge_number_buildings(array(select id from building where name is null and number is null));
