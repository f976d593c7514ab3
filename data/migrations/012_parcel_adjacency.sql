-- Borders between the parcels of a community, measured once when its parcels are computed
-- (ensureParcels) rather than by every automatic plan: finding the neighbours within the snapping
-- tolerance and their lengths along streets is the planner's most expensive query (1.3 s of the
-- 2,000-parcel synthetic community). Pieces of parcels cut by grids (re-plans of some grids) and
-- borders across communities (districts) are still measured when needed.
create table parcel_adjacency (
  community_id bigint not null references jurisdiction (id) on delete cascade,
  a            bigint not null references parcel (id) on delete cascade,
  b            bigint not null references parcel (id) on delete cascade,
  -- an exact shared border, or one within the tolerance (near miss)
  exact        boolean not null,
  length_m     double precision not null,
  street_m     double precision not null,
  primary key (a, b),
  check (a < b)
);
create index parcel_adjacency_community_idx on parcel_adjacency (community_id);
create index parcel_adjacency_b_idx on parcel_adjacency (b);
