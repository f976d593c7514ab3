-- One search box (GET /api/search): jurisdictions, grids, compounds, buildings and addresses by
-- name, address or grid code, through pg_trgm GIN indexes.

create extension if not exists pg_trgm;

-- How text is compared: NFKC (the full-width digits and letters of Chinese input methods become
-- ASCII), without whitespace (Chinese writes none, so '学院路 18号' is '学院路18号'), lower case.
create function wangge_search_norm(t text) returns text
  language sql immutable parallel safe strict
  return lower(regexp_replace(normalize(t, NFKC), '[[:space:]]+', '', 'g'));

-- The trigram key: the hex of the normalized text's UTF-8 bytes. pg_trgm builds trigrams only from
-- characters the database's LC_CTYPE counts as alphanumeric, and the embedded cluster is initdb'd
-- without a locale (C), where no CJK character is one (show_trgm('富润家园') is {}). In hex every
-- character is 2 to 6 word characters in any locale, so even one CJK character (6 hex digits, 4
-- trigrams) is found through the index. A hex match can start in the middle of a byte, so callers
-- confirm it on the text (wangge_search_has). convert_to is only stable because it reads the
-- database encoding, which cannot change after the database is created: immutable is true here.
create function wangge_search_key(t text) returns text
  language sql immutable parallel safe strict
  return encode(convert_to(wangge_search_norm(t), 'UTF8'), 'hex');

-- Whether `field` contains `token` (both normalized). Not strict, so the planner inlines it and
-- sees the indexed expression wangge_search_key(field) in the LIKE.
create function wangge_search_has(field text, token text) returns boolean
  language sql immutable parallel safe
  return wangge_search_key(field) like '%' || wangge_search_key(token) || '%'
     and strpos(wangge_search_norm(field), wangge_search_norm(token)) > 0;

create index jurisdiction_name_search_idx on jurisdiction using gin (wangge_search_key(name) gin_trgm_ops);
create index grid_name_search_idx on grid using gin (wangge_search_key(name) gin_trgm_ops);
-- codes are digits, word characters in every locale: the code itself is the key
create index grid_code_search_idx on grid using gin (code gin_trgm_ops);
create index compound_name_search_idx on compound using gin (wangge_search_key(name) gin_trgm_ops);
create index building_name_search_idx on building using gin (wangge_search_key(name) gin_trgm_ops);
create index building_address_search_idx on building using gin (wangge_search_key(address) gin_trgm_ops);
-- a grid worker finds the compounds their grid's buildings belong to
create index building_compound_idx on building (compound_id);
