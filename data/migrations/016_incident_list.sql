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
