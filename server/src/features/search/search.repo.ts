import type { PendingQuery, Row, Sql } from 'postgres';
import type { Scope } from '../auth/scope.repo.ts';
import { isShortQuery, RANK_CANDIDATES, type MatchQuality, type SearchHit, type SearchKind } from './search.domain.ts';

type Fragment = PendingQuery<Row[]>;

/** One search: the words, how many hits per kind, the plan date, and the caller's scope (null: anonymous, public kinds only). */
export interface SearchRequest {
  tokens: string[];
  limit: number;
  date: string;
  scope: Scope | null;
  kinds: readonly SearchKind[];
}

const ALL_DIGITS = /^\d+$/;
const digitWords = (tokens: string[]) => tokens.filter((t) => ALL_DIGITS.test(t));

/** Every query of the search feature. */
export function createSearchRepo(sql: Sql) {
  const list = (parts: Fragment[], sep: Fragment) => parts.reduce((a, p) => sql`${a}${sep}${p}`);
  const or = (parts: Fragment[]) => sql`(${list(parts, sql` or `)})`;
  // a hit's own field holds one of the words (through the trigram index on wangge_search_key)
  const anyHas = (field: Fragment, tokens: string[]) => or(tokens.map((t) => sql`wangge_search_has(${field}, ${t}::text)`));
  // …or, for a short query, starts with it (a hex prefix is a character prefix: UTF-8 starts aligned)
  const anyStarts = (field: Fragment, tokens: string[]) =>
    or(tokens.map((t) => sql`wangge_search_key(${field}) like wangge_search_key(${t}::text) || '%'`));
  // every word is somewhere in the hit's text: its name, code, address, compound and places
  const allIn = (fields: Fragment[], tokens: string[]) => sql`not exists (
    select 1 from unnest(${tokens}::text[]) w
    where strpos(wangge_search_norm(concat_ws(E'\\x1f', ${list(fields, sql`, `)})), wangge_search_norm(w)) = 0)`;
  // 0 the whole query is the name (or code), 1 it starts it, 2 it is inside it (a code may end with it), 3 spread out
  const quality = (name: Fragment, code: Fragment | null) => sql`case
    when wangge_search_norm(${name}) = q.whole ${code ? sql`or ${code} = q.whole` : sql``} then 0
    when starts_with(wangge_search_norm(${name}), q.whole) ${code ? sql`or starts_with(${code}, q.whole)` : sql``} then 1
    when strpos(wangge_search_norm(${name}), q.whole) > 0 ${code ? sql`or right(${code}, length(q.whole)) = q.whole` : sql``} then 2
    else 3 end`;
  const bbox = (geom: Fragment) => sql`case when ${geom} is null then null
    else json_build_array(ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom})) end`;
  const inForce = (plan: string, date: string) => sql`${sql(plan)}.status in ('published', 'retired')
    and ${sql(plan)}.valid_from <= ${date}::date and (${sql(plan)}.valid_to is null or ${sql(plan)}.valid_to > ${date}::date)`;
  const likeAny = (s: Scope) => s.prefixes.map((p) => `${p}%`);

  // The caller's scope, worked out once per search (the same rule as buildingInScope): the
  // communities under a granted jurisdiction, and the granted grids of the plan in force.
  const scopeSets = (s: Scope, date: string) => sql`,
    scope_communities as (select id from jurisdiction where code like any(${likeAny(s)}::text[])),
    scope_grids as (select sg.geom from grid sg join grid_plan sp on sp.id = sg.plan_id
      where sg.code = any(${s.gridCodes}::text[]) and ${inForce('sp', date)})`;
  const buildingVisible = sql`(b.community_id in (select id from scope_communities)
    or exists (select 1 from scope_grids sg where sg.geom && b.anchor and ST_Intersects(sg.geom, b.anchor)))`;
  // a compound is in a grid scope when one of its buildings (or its middle) is in a granted grid; shared
  // outlines are no test, their floating-point slivers 'overlap' the neighbour's compound
  const compoundVisible = sql`(x.community_id in (select id from scope_communities)
    or exists (select 1 from scope_grids sg where sg.geom && x.geom and (ST_Intersects(sg.geom, ST_PointOnSurface(x.geom))
      or exists (select 1 from building sb where sb.compound_id = x.id and sg.geom && sb.anchor and ST_Intersects(sg.geom, sb.anchor)))))`;

  function jurisdictions({ tokens, limit, scope }: SearchRequest): Fragment {
    const digits = digitWords(tokens);
    const own = digits.length ? or([anyHas(sql`j.name`, tokens), sql`j.code like any(${digits.map((d) => `${d}%`)}::text[])`]) : anyHas(sql`j.name`, tokens);
    // the places above a grant are shown too: they are where the caller's own places are
    const visible = scope
      ? sql`(j.code like any(${likeAny(scope)}::text[])
          or exists (select 1 from unnest(${[...scope.prefixes, ...scope.gridCodes]}::text[]) s where starts_with(s, j.code)))`
      : sql`true`;
    // a place drawn only through its children (a street office without an outline) is framed by them
    return sql`(select 'jurisdiction'::text as kind, j.id, j.code, j.name, concat_ws(' · ', up.name, up2.name) as context,
        ${bbox(sql`e.box`)} as bbox, ${quality(sql`j.name`, sql`j.code`)} as quality
      from jurisdiction j left join jurisdiction up on up.id = j.parent_id left join jurisdiction up2 on up2.id = up.parent_id
        cross join lateral (select coalesce(j.geom::box2d, (select ST_Extent(d.geom) from jurisdiction d where d.code like j.code || '%')) as box) e, q
      where ${own} and ${allIn([sql`j.name`, sql`j.code`, sql`up.name`, sql`up2.name`], tokens)} and ${visible}
      order by quality, length(j.code), length(j.name), j.code limit ${limit})`;
  }

  function grids({ tokens, limit, scope, date }: SearchRequest): Fragment {
    const digits = digitWords(tokens);
    // a digit word starts the code (county, street, community…) or ends it (the sequence, '031002' within a street office)
    const byCode = digits.flatMap((d) => [sql`g.code like ${`${d}%`}`, sql`g.code like ${`%${d}`}`]);
    const own = byCode.length ? or([anyHas(sql`g.name`, tokens), ...byCode]) : anyHas(sql`g.name`, tokens);
    const visible = scope ? sql`(g.code like any(${likeAny(scope)}::text[]) or g.code = any(${scope.gridCodes}::text[]))` : sql`true`;
    return sql`(select 'grid'::text as kind, g.id, g.code, g.name, concat_ws(' · ', c.name, t.name) as context, ${bbox(sql`g.geom`)} as bbox,
        ${quality(sql`g.name`, sql`g.code`)} as quality
      from grid g join grid_plan p on p.id = g.plan_id join jurisdiction c on c.id = g.community_id
        left join jurisdiction t on t.id = c.parent_id, q
      where ${own} and ${inForce('p', date)} and ${allIn([sql`g.name`, sql`g.code`, sql`c.name`, sql`t.name`], tokens)} and ${visible}
      order by quality, length(g.name), g.code limit ${limit})`;
  }

  function compounds({ tokens, limit }: SearchRequest): Fragment {
    // compounds are few beside buildings: even one character is looked for anywhere in their names
    const own = anyHas(sql`x.name`, tokens);
    return sql`(select 'compound'::text as kind, f.id, null::text as code, f.name, f.context, ${bbox(sql`f.geom`)} as bbox,
        ${quality(sql`f.name`, null)} as quality
      from (select x.id, x.name, concat_ws(' · ', c.name, t.name) as context, x.geom
        from compound x left join jurisdiction c on c.id = x.community_id left join jurisdiction t on t.id = c.parent_id
        where ${own} and ${allIn([sql`x.name`, sql`c.name`, sql`t.name`], tokens)} and ${compoundVisible}
        limit ${RANK_CANDIDATES}) f, q
      order by quality, length(f.name), f.id limit ${limit})`;
  }

  /** Buildings by name ('building') or by address ('address'); a building whose name matched is not repeated as an address. */
  function buildings(kind: 'building' | 'address', { tokens, limit }: SearchRequest): Fragment {
    const field = kind === 'building' ? sql`b.name` : sql`b.address`;
    const match = isShortQuery(tokens) ? anyStarts(field, tokens) : anyHas(field, tokens);
    const own = kind === 'building' ? match : sql`${match} and not coalesce(${anyHas(sql`b.name`, tokens)}, false)`;
    const context = kind === 'building' ? sql`concat_ws(' · ', x.name, c.name, t.name)` : sql`concat_ws(' · ', b.name, x.name, c.name, t.name)`;
    // at most RANK_CANDIDATES are ranked: a vague query ('1幢') matches hundreds of equally good buildings
    return sql`(select ${kind}::text as kind, f.id, null::text as code, f.name, f.context, ${bbox(sql`f.geom`)} as bbox,
        ${quality(sql`f.name`, null)} as quality
      from (select b.id, ${field} as name, ${context} as context, b.geom
        from building b left join compound x on x.id = b.compound_id left join jurisdiction c on c.id = b.community_id
          left join jurisdiction t on t.id = c.parent_id
        where ${own} and ${allIn([sql`b.name`, sql`b.address`, sql`x.name`, sql`c.name`, sql`t.name`], tokens)} and ${buildingVisible}
        limit ${RANK_CANDIDATES}) f, q
      order by quality, length(f.name), f.id limit ${limit})`;
  }

  const QUERIES: Record<SearchKind, (r: SearchRequest) => Fragment> = {
    jurisdiction: jurisdictions, grid: grids, compound: compounds,
    building: (r) => buildings('building', r), address: (r) => buildings('address', r),
  };
  // compounds, buildings and addresses are only ever searched within a scope (anonymous callers get none)
  const SCOPED_ONLY: readonly SearchKind[] = ['compound', 'building', 'address'];

  return {
    /** Hits of every kind asked for, each kind ranked (quality, then shorter names) and cut at `limit`. */
    async search(r: SearchRequest): Promise<SearchHit[]> {
      const kinds = r.scope ? r.kinds : r.kinds.filter((k) => !SCOPED_ONLY.includes(k));
      if (kinds.length === 0) return [];
      const rows = await sql`with q as (select wangge_search_norm(${r.tokens.join('')}) as whole)${r.scope ? scopeSets(r.scope, r.date) : sql``}
        ${list(kinds.map((k) => QUERIES[k](r)), sql` union all `)}`;
      return rows.map((x) => ({
        kind: x.kind as SearchKind, id: Number(x.id), code: x.code ?? null, name: String(x.name), context: String(x.context ?? ''),
        bbox: x.bbox ?? null, quality: Number(x.quality) as MatchQuality,
      }));
    },
  };
}
