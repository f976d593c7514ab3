-- A building's parcel: the union of its Voronoi cells clipped to its street block (issue 9).
-- The floating-point overlay is fast and almost always fine; Voronoi cells of regularly spaced
-- buildings can meet in near-coincident edges it cannot compute (GEOS TopologyException: side
-- location conflict, unable to assign free hole). Only then are the cells snapped to the parcels'
-- grid and unioned and clipped snap-rounded, which always succeeds and costs ~2× as much.
create function wangge_parcel(cells geometry[], block geometry, grid float8) returns geometry
  language plpgsql immutable parallel safe as $$
begin
  return ST_CollectionExtract(ST_Intersection(ST_UnaryUnion(ST_Collect(cells)), block), 3);
exception when others then
  return ST_CollectionExtract(ST_Intersection(
    ST_UnaryUnion(ST_Collect(array(select ST_SnapToGrid(c, grid) from unnest(cells) c)), grid), block, grid), 3);
end $$;
