import type { Position, PatrolRecord } from './patrols.repo.ts';

/** A position older than this is shown as stale (the phone stopped reporting). */
export const STALE_MS = 2 * 60_000;

export const presentPatrol = (p: PatrolRecord) => ({
  id: p.id, userId: p.userId, userName: p.userName, source: p.source, startedAt: p.startedAt.toISOString(),
  endedAt: p.endedAt?.toISOString() ?? null, lastFixAt: p.lastFixAt?.toISOString() ?? null, fixes: p.fixes, keptFixes: p.keptFixes, distanceM: p.distanceM,
});

export const presentPosition = (p: Position, now: Date) => ({
  userId: p.userId, name: p.name, role: p.role, lon: p.lon, lat: p.lat, fixedAt: p.fixedAt.toISOString(), accuracy: p.accuracy, speed: p.speed,
  heading: p.heading, patrolId: p.patrolId, stale: +now - +p.fixedAt > STALE_MS,
});
