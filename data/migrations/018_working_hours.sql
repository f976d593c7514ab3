-- Working hours of an organisation (a county, street office or community), e.g. {08:30-12:00,13:30-17:30}.
-- A case's clock counts on the hours of its community, else its street office's, else its county's,
-- else the default of data/incidents/policies.json. Null: inherit.
alter table jurisdiction add column working_hours text[]
  check (working_hours is null or (cardinality(working_hours) between 1 and 6
    and array_to_string(working_hours, ',') ~ '^([0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9],?)+$'));
