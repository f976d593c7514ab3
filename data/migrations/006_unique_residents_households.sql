-- One resident per ID number, one household per flat (issue 8).
-- Fifty simultaneous POST /api/residents with the same ID number made fifty residents, and a flat
-- (building, entrance, room) could hold any number of households: the database now refuses both,
-- and the API answers 409 duplicate_id_number / duplicate_household.
--
-- Duplicates already stored are moved out of the way first, never deleted, so this applies to any
-- existing database: the oldest resident keeps an ID number and later holders lose it to
-- resident_id_number_duplicate (personal data like resident itself) for a person to sort out;
-- later households of a flat get " #<id>" after their room, so no resident changes household.

create table resident_id_number_duplicate (
  resident_id   bigint primary key references resident (id) on delete cascade,
  id_number     text not null,
  kept_by       bigint not null references resident (id) on delete cascade,
  found_at      timestamptz not null default now()
);

insert into resident_id_number_duplicate (resident_id, id_number, kept_by)
select id, id_number, kept_by from (
  select id, id_number, first_value(id) over w as kept_by, row_number() over w as n
  from resident where id_number is not null
  window w as (partition by id_number order by id)) r
where n > 1;

update resident r set id_number = null, version = r.version + 1, updated_at = now()
from resident_id_number_duplicate d where d.resident_id = r.id;

-- ID numbers are stored in the clear (masked on the way out), upper-case X, so equal means equal.
-- NULLs never clash, so residents without a number are unaffected. Deferrable: a bulk loader (the
-- synthetic-town generator) checks at commit after clearing its own repeats; everyone else at once.
alter table resident add constraint resident_id_number_key unique (id_number) deferrable initially immediate;

-- A room as people type it: full-width digits and letters folded (NFKC), white space dropped, case
-- ignored, so "1203", " 1203 ", "１２０３" are one flat and "A101" is "a101".
create function household_room_key(room text) returns text
  language sql immutable strict parallel safe
  return upper(regexp_replace(normalize(room, NFKC), '\s+', '', 'g'));

update household h set room = h.room || ' #' || h.id, version = h.version + 1, updated_at = now()
from (
  select id, row_number() over (partition by building_id, entrance, household_room_key(room) order by id) n from household
) d
where d.id = h.id and d.n > 1;

create unique index household_flat_key on household (building_id, entrance, household_room_key(room));
