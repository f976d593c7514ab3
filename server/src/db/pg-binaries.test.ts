import { describe, expect, it } from 'vitest';
import { findPostgres, missingPackages, type PgInstall } from './pg-binaries.ts';

const install = (over: Partial<PgInstall>): PgInstall => ({
  bindir: '/usr/lib/postgresql/15/bin', sharedir: '/usr/share/postgresql/15', major: 15, hasPostgis: true, hasPgrouting: true, ...over,
});

describe('PostgreSQL packages', () => {
  it('names the Debian packages a machine lacks: PostGIS and pgRouting of its own major version', () => {
    expect(missingPackages(install({}))).toEqual([]);
    expect(missingPackages(install({ hasPgrouting: false }))).toEqual(['postgresql-15-pgrouting']);
    expect(missingPackages(install({ hasPostgis: false, hasPgrouting: false, major: 16 }))).toEqual(['postgresql-16-postgis-3', 'postgresql-16-pgrouting']);
    expect(missingPackages(undefined)).toEqual(['postgresql', 'postgresql-postgis', 'postgresql-pgrouting']);
  });

  it('finds pgRouting installed on this machine', () => {
    expect(findPostgres()?.hasPgrouting).toBe(true);
  });
});
