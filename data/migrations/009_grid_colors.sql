-- Colours that tell neighbouring grids apart on every map (issue 10): an index into the client's
-- palette, chosen once per plan by a DSATUR colouring of the grids' adjacency (plans/grid-colors)
-- and kept while a grid does not change. Null until the plan is coloured (new grids, old databases).
alter table grid add column color smallint check (color between 0 and 15);
