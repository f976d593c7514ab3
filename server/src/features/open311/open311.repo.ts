import type { Sql } from 'postgres';
import type { IncidentLevel, IncidentStatus } from '../incidents/incidents.vocabulary.ts';
import { PUBLIC_STEPS } from '../public/public.domain.ts';
import { MAX_RESULTS, OPEN311_KINDS, type PublicCase, type ServiceRow } from './open311.domain.ts';

/** How far the nearest named road may be to name a case's street (degrees, about 200 m). */
const ROAD_DEGREES = 0.002;

/** What a search of cases asks for: ids (nothing else then), or services, statuses and a period. */
export type CaseFilter = { ids: number[] } | { codes?: string[]; statuses?: IncidentStatus[]; from: Date; to: Date };

function toCase(r: Record<string, unknown>): PublicCase {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(r.id), categoryCode: String(r.category_code), categoryName: String(r.category_name),
    status: r.status as IncidentStatus, level: r.level as IncidentLevel, lastPublicStep: text(r.last_step),
    assignee: r.assignee_kind === null ? null : { kind: String(r.assignee_kind), name: text(r.assignee_name) },
    reportedAt: r.reported_at as Date, updatedAt: r.updated_at as Date, dueAt: (r.due_at as Date | null) ?? null,
    lon: Number(r.lon), lat: Number(r.lat), gridName: text(r.grid_name), communityName: String(r.community_name),
    townName: text(r.town_name), countyName: text(r.county_name), roadName: text(r.road_name),
  };
}

/** Every query of Open311: the services (public minor classes) and the public view of cases in them. */
export function createOpen311Repo(sql: Sql) {
  const kinds = [...OPEN311_KINDS];
  const steps = [...PUBLIC_STEPS];
  return {
    /** Active minor classes of the published kinds under active classes, in the categories' order. */
    async services(code?: string): Promise<ServiceRow[]> {
      const rows = await sql`select m.code, m.name_zh, m.name_en, m.filing_zh, p.name_zh as group_name
        from incident_category m join incident_category p on p.code = m.parent_code
        where m.active and p.active and m.kind = any(${kinds}::text[]) and (${code ?? null}::text is null or m.code = ${code ?? null})
        order by p.sort_order, p.code, m.sort_order, m.code`;
      return rows.map((r) => ({ code: String(r.code), name: String(r.name_zh), nameEn: String(r.name_en), group: String(r.group_name), filing: (r.filing_zh as string | null) ?? null }));
    },

    /** Cases in published categories, newest first, at most the spec's 1000. */
    async cases(f: CaseFilter): Promise<PublicCase[]> {
      const where = 'ids' in f
        ? sql`i.id = any(${f.ids}::bigint[])`
        : sql`i.reported_at >= ${f.from} and i.reported_at <= ${f.to}
            and (${f.codes ?? null}::text[] is null or i.category_code = any(${f.codes ?? null}::text[]))
            and (${f.statuses ?? null}::text[] is null or i.status = any(${f.statuses ?? null}::text[]))`;
      const rows = await sql`
        select i.id, i.reported_at, i.updated_at, i.due_at, i.category_code, c.name_zh as category_name, i.status, i.level,
          i.assignee_kind, case i.assignee_kind when 'department' then d.name when 'community' then cj.name when 'grid' then i.grid_name end as assignee_name,
          ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.grid_name, cj.name as community_name, tj.name as town_name, kj.name as county_name,
          (select e.action from incident_event e where e.incident_id = i.id and e.at >= i.reported_at and e.action = any(${steps}::text[])
            order by e.at desc, e.id desc limit 1) as last_step,
          (select r.name from road r where r.name is not null and r.name <> '' and ST_DWithin(r.geom, i.geom, ${ROAD_DEGREES})
            order by r.geom <-> i.geom limit 1) as road_name
        from incident i
        join incident_category c on c.code = i.category_code and c.kind = any(${kinds}::text[])
        join jurisdiction cj on cj.id = i.community_id
        left join jurisdiction tj on tj.id = i.town_id
        left join jurisdiction kj on kj.id = i.county_id
        left join department d on d.id = i.department_id
        where ${where}
        order by i.reported_at desc, i.id desc
        limit ${MAX_RESULTS}`;
      return rows.map(toCase);
    },

    /** The case a resident's follow token belongs to, or undefined. */
    async caseOfToken(tokenHash: string): Promise<number | undefined> {
      const [r] = await sql`select incident_id from incident_follower where token_hash = ${tokenHash}`;
      return r ? Number(r.incident_id) : undefined;
    },
  };
}
