/**
 * Open311 GeoReport v2 over Wangge's incidents: which categories are services, how a case reads as a
 * public service request (status mapped from the workflow, the responsible unit, the deadline, a place
 * coarsened to its community and street), the time window of a search, and a reporter's name. Pure.
 */
import { toShanghaiIso } from '../incidents/calendar.domain.ts';
import { coarsen } from '../public/public.domain.ts';
import { INCIDENT_VOCABULARY, OPEN311_STATUS, type IncidentLevel, type IncidentStatus } from '../incidents/incidents.vocabulary.ts';
import { Open311Error, type Doc } from './open311-format.domain.ts';

/**
 * Kinds of category offered as services: the national event classes (public space: rubbish, roads,
 * advertising, street order). The grid ledger domains are about people (disputes, key persons, the
 * elderly living alone, migrants) and local extensions are unvetted: neither is published or filed here.
 */
export const OPEN311_KINDS = ['event'] as const;

/** A search spans at most this many days and answers at most this many requests (the spec's defaults). */
export const MAX_WINDOW_DAYS = 90;
export const MAX_RESULTS = 1000;
/** What the incident table holds of a description (the spec allows 4000; longer is refused, not cut). */
export const DESCRIPTION_MAX = 2000;

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed what it answers (discovery's changeset). */
export const CHANGESET = '2026-12-07T00:00:00+08:00';

/** A minor class as a service. */
export interface ServiceRow { code: string; name: string; nameEn: string; group: string; filing: string | null }

/** What the public may know of a case. */
export interface PublicCase {
  id: number;
  categoryCode: string;
  categoryName: string;
  status: IncidentStatus;
  level: IncidentLevel;
  lastPublicStep: string | null;
  assignee: { kind: string; name: string | null } | null;
  reportedAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  lon: number;
  lat: number;
  gridName: string | null;
  communityName: string;
  townName: string | null;
  countyName: string | null;
  /** the nearest named road, if one is near */
  roadName: string | null;
}

/** Discovery: this one endpoint, its formats and how to get a key. */
export function discoveryDoc(url: string): Doc {
  return {
    changeset: CHANGESET,
    contact: 'Wangge 网格化管理平台：请联系本平台管理员（Contact the administrator of this Wangge installation）',
    key_service: 'API 密钥由管理员在「系统管理 → API 密钥」中为有事件上报权限的账户发放（API keys are issued by an administrator to an account allowed to report incidents）',
    endpoints: [{ specification: SPECIFICATION, url, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

/** A service of the list: no attributes (metadata false), answered at once (realtime). */
export function serviceDoc(s: ServiceRow): Doc {
  return {
    service_code: s.code, service_name: s.name, description: s.filing ?? s.name, metadata: false, type: 'realtime', keywords: s.nameEn, group: s.group,
  };
}

/** A service definition: the spec's shape, with no attributes to fill in. */
export const serviceDefinitionDoc = (code: string): Doc => ({ service_code: code, attributes: [] });

/** Where a case is, as a street and not a home: street office, community and the nearest named road. */
export function coarseAddress(c: Pick<PublicCase, 'townName' | 'communityName' | 'roadName'>): string {
  return `${c.townName ?? ''}${c.communityName}${c.roadName ? ` ${c.roadName}附近` : ''}`;
}

const CENTRES: Record<Exclude<IncidentLevel, 'grid' | 'community'>, string> = { street: '网格化服务管理中心', county: '城市运行管理中心' };

/** Who handles the case now: the unit it was dispatched to, else the centre of the level that holds it. */
export function agencyOf(c: Pick<PublicCase, 'assignee' | 'level' | 'gridName' | 'communityName' | 'townName' | 'countyName'>): string {
  const inGrid = (grid: string | null) => (grid ? `${c.communityName} · ${grid}` : c.communityName);
  if (c.assignee?.name) return c.assignee.kind === 'grid' ? inGrid(c.assignee.name) : c.assignee.name;
  switch (c.level) {
    case 'grid': return `${inGrid(c.gridName)}（${INCIDENT_VOCABULARY.roles.grid_worker.zh}）`;
    case 'community': return c.communityName;
    case 'street': return `${c.townName ?? c.communityName}${CENTRES.street}`;
    case 'county': return `${c.countyName ?? c.townName ?? c.communityName}${CENTRES.county}`;
  }
}

/**
 * The name of the last step a follower may see (public.domain's PUBLIC_STEPS; never its note, which may
 * name people); the status name when that step is the report itself or a merge.
 */
export function statusNotes(lastPublicStep: string | null, status: IncidentStatus): string {
  const actions = INCIDENT_VOCABULARY.actions as Record<string, { zh: string } | undefined>;
  return (lastPublicStep && actions[lastPublicStep]?.zh) || INCIDENT_VOCABULARY.statuses[status].zh;
}

/**
 * A case as a GeoReport v2 service request, public fields only: the point coarsened to the centre of
 * the same 100 m cell 公示 shows (two different roundings of one point would narrow it down); no
 * description, which 公示 withholds too (reporters write names, phones and door numbers into it); no
 * media_url, since photos are served only to those who may see the case and none has a public URL.
 */
export function requestDoc(c: PublicCase): Doc {
  const place = coarsen(c.lon, c.lat);
  return {
    service_request_id: String(c.id),
    status: OPEN311_STATUS[c.status].status,
    status_notes: statusNotes(c.lastPublicStep, c.status),
    service_name: c.categoryName,
    service_code: c.categoryCode,
    agency_responsible: agencyOf(c),
    requested_datetime: toShanghaiIso(c.reportedAt),
    updated_datetime: toShanghaiIso(c.updatedAt),
    expected_datetime: c.dueAt ? toShanghaiIso(c.dueAt) : undefined,
    address: coarseAddress(c),
    lat: place.lat,
    long: place.lon,
  };
}

/** The answer to a filed request: its id, the resident's follow token and what happens next. */
export function createdDoc(c: PublicCase, token: string): Doc {
  const due = c.dueAt ? `，处理时限至 ${toShanghaiIso(c.dueAt).slice(0, 16).replace('T', ' ')}` : '';
  return [{ service_request_id: String(c.id), token, service_notice: `已收到上报，由${agencyOf(c)}受理${due}` }];
}

/** The workflow statuses behind the spec's open and closed. */
export function statusesFor(wanted: readonly ('open' | 'closed')[]): IncidentStatus[] {
  return (Object.keys(OPEN311_STATUS) as IncidentStatus[]).filter((s) => wanted.includes(OPEN311_STATUS[s].status));
}

const DAY_MS = 86_400_000;

/**
 * The period a search covers: the last 90 days by default; one end given, 90 days from it; both, at
 * most 90 days apart and in order (400 otherwise).
 */
export function requestWindow(start: Date | undefined, end: Date | undefined, now: Date): { from: Date; to: Date } {
  const span = MAX_WINDOW_DAYS * DAY_MS;
  const to = end ?? (start ? new Date(start.getTime() + span) : now);
  const from = start ?? new Date(to.getTime() - span);
  if (from.getTime() > to.getTime()) throw new Open311Error(400, ['start_date must not be after end_date']);
  if (to.getTime() - from.getTime() > span) throw new Open311Error(400, [`start_date and end_date may not be more than ${MAX_WINDOW_DAYS} days apart`]);
  return { from, to };
}

const CJK = /[\u3400-\u9fff]/;

/** The reporter's name from the spec's first and last names: family name first and no space for a Chinese name. */
export function reporterName(first: string | undefined, last: string | undefined): string | null {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return null;
  return CJK.test(f + l) ? `${l}${f}` : [f, l].filter(Boolean).join(' ');
}

/** Where a request is filed: lat and long (there is no geocoder, so an address alone is refused with a 400 that says so). */
export function pointOf(f: { lat?: number; long?: number; address_string?: string; address_id?: string }): { lon: number; lat: number } {
  if (f.lat !== undefined && f.long !== undefined) return { lon: f.long, lat: f.lat };
  if (f.lat !== undefined || f.long !== undefined) throw new Open311Error(400, ['lat and long must be given together']);
  if (f.address_string || f.address_id) {
    throw new Open311Error(400, ['address_string and address_id cannot be placed here (this endpoint has no geocoder): give lat and long']);
  }
  throw new Open311Error(400, ['a location is required: lat and long']);
}
