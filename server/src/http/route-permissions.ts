import type { Access } from '../features/auth/permissions.domain.ts';

/**
 * What every route needs, by "METHOD /path" as Hono matches it. A route missing here is denied
 * (403 route_not_declared), and the permission-matrix test fails until it is declared.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, Access>> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'POST /api/auth/password': 'authenticated',
  // the map carries no personal data (boundaries and aggregate counts); the UI still signs in first
  'GET /api/map': 'public',
  'GET /api/jurisdictions': 'public',
  'GET /api/jurisdictions/:id': 'public',
  'GET /api/jurisdictions/divisions': 'public',
  // reference data like the jurisdiction tree: no personal data, and Open311's services list publishes the same categories anonymously
  'GET /api/incident-categories': 'public',
  'GET /api/incident-categories/:code': 'public',
  // incidents: reporting needs a grant where the place lies; reading and acting are open to every signed-in user because
  // departments' staff act through membership, not grants — the service scopes each case (grant, department, own report)
  // and answers 404 outside it, and the workflow decides who may take which action (403 otherwise)
  'POST /api/incidents': 'incidents.report',
  'GET /api/incidents': 'authenticated',
  'GET /api/incidents/duplicates': 'incidents.report',
  // indicators and the export: for those granted incidents.view (departments' staff see their cases in the list), scoped in SQL;
  // the export carries reporters' names and phones masked, capped, and is audited
  'GET /api/incidents/stats': 'incidents.view',
  'GET /api/incidents/export': 'incidents.view',
  'GET /api/incidents/:id': 'authenticated',
  'GET /api/incidents/:id/routing': 'authenticated',
  'POST /api/incidents/:id/transitions': 'authenticated',
  // whoever may void the duplicate now may merge it into a case they see (checked in the service)
  'POST /api/incidents/:id/merge': 'authenticated',
  // a user's own notifications (another's answers 404); the stream is theirs live (server-sent events)
  'GET /api/notifications': 'authenticated',
  'POST /api/notifications/read-all': 'authenticated',
  'POST /api/notifications/:id/read': 'authenticated',
  'GET /api/notifications/stream': 'authenticated',
  // photos: whoever may see the case (the service's scope, 404 outside it) may add photos and fetch them
  'POST /api/incidents/:id/photos': 'authenticated',
  'GET /api/incidents/:id/photos/:photoId': 'authenticated',
  'GET /api/incidents/:id/photos/:photoId/thumb': 'authenticated',
  // a suggested patrol route (巡查路线) for those who patrol; another worker's needs patrols.view over their grids too (checked in the
  // service: 403 without it, 404 for a worker outside its scope)
  'GET /api/patrols/route': 'patrols.record',
  // residents and the public, no account: 公示 of finished cases (coarse places, no personal data), a reporter's follow link
  // (its token is the credential) and rating, a report (rate-limited per address), and 我的网格 with its workers' work phones
  'GET /api/public/incidents': 'public',
  'GET /api/public/track/:token': 'public',
  'POST /api/public/track/:token/rating': 'public',
  'POST /api/public/reports': 'public',
  'GET /api/public/my-grid': 'public',
  // patrol coverage (巡查覆盖) of a place: a day per grid, the gaps and their Excel export (audited); the service keeps to the grids
  // of the caller's patrols.view grants (403 for a place outside them, 404 for none)
  'GET /api/coverage': 'patrols.view',
  'GET /api/coverage/gaps': 'patrols.view',
  'GET /api/coverage/gaps/export': 'patrols.view',
  // the phone apps' own endpoints (Traccar Client / OsmAnd, OwnTracks): the device identifier (and OwnTracks' Basic-auth
  // secret) is the credential, checked by the route; an unknown or revoked device stores nothing
  'GET /gps/osmand': 'public',
  'POST /gps/osmand': 'public',
  'POST /gps/owntracks': 'public',
  // patrols (巡查): the web app's own patrol for those who patrol; lists and tracks open to every signed-in user because a
  // worker sees their own — the service scopes the rest to the workers of the caller's patrols.view grants (404 outside);
  // live positions for supervisors; a GPX import for oneself (patrols.record) or a worker of one's scope (checked in the service)
  'GET /api/patrols/current': 'patrols.record',
  'POST /api/patrols': 'patrols.record',
  'POST /api/patrols/:id/fixes': 'patrols.record',
  'POST /api/patrols/:id/stop': 'patrols.record',
  'POST /api/patrols/import': 'authenticated',
  'GET /api/patrols': 'authenticated',
  'GET /api/patrols/:id/track': 'authenticated',
  'GET /api/patrols/positions': 'patrols.view',
  'GET /api/patrols/live': 'patrols.view',
  // phones bound to workers: those who manage accounts, over the workers of their scope
  'GET /api/devices': 'users.manage',
  'POST /api/devices': 'users.manage',
  'POST /api/devices/:id/revoke': 'users.manage',
  // a place's totals (grids, households, residents, band, staffing) over what the caller's map grants cover
  'GET /api/jurisdictions/:id/summary': 'map.view',
  // adding a city: a county by an admin (who then administers it), a street office or community under a parent in the data.import scope
  'POST /api/jurisdictions': 'data.import',
  // what a place still lacks before it can be planned (counts only), for those who import its data
  'GET /api/jurisdictions/:id/setup': 'data.import',
  // an organisation's working hours, on which its cases' deadlines count: those who manage the place's data
  'PUT /api/jurisdictions/:id/working-hours': 'data.import',
  // districts across communities (a street office or a city), proposed for planners; nothing is stored
  'POST /api/jurisdictions/:id/districts': 'plans.edit',
  // one search box: signed in, scoped to the caller's map.view grants in SQL; anonymous, what the public map names
  'GET /api/search': 'public',
  'GET /api/grids/at': 'public',
  'GET /api/grids/:id': 'public',
  'GET /tiles/:layer/:z/:x/:y': 'public',
  // the heatmap: counts and categories of the cases the caller may see (the list's scope, departments included, so any
  // signed-in user); anonymous callers have no scope and get 401 rather than an empty map that looks like no cases
  'GET /tiles/incidents/:z/:x/:y': 'authenticated',
  // Open311 GeoReport v2 for 311 apps: public fields of public-space cases only (no names, phones or homes); the POST
  // needs a Wangge API key in its api_key field (403 otherwise), whose user must hold incidents.report over the place
  'GET /open311/v2/discovery.json': 'public',
  'GET /open311/v2/discovery.xml': 'public',
  'GET /open311/v2/services.json': 'public',
  'GET /open311/v2/services.xml': 'public',
  'GET /open311/v2/services/:code': 'public',
  'GET /open311/v2/requests.json': 'public',
  'GET /open311/v2/requests.xml': 'public',
  'POST /open311/v2/requests.json': 'public',
  'POST /open311/v2/requests.xml': 'public',
  'GET /open311/v2/requests/:id': 'public',
  'GET /open311/v2/tokens/:token': 'public',
  // personal data: scoped to the caller's grants in SQL, masked, every read audited
  'GET /api/residents': 'residents.read',
  'GET /api/residents/export': 'residents.read',
  'POST /api/residents': 'residents.write',
  'GET /api/residents/:id': 'residents.read',
  'GET /api/households': 'residents.read',
  'POST /api/households': 'residents.write',
  'PATCH /api/households/:id': 'residents.write',
  'PATCH /api/residents/:id': 'residents.write',
  'POST /api/residents/:id/reveal': 'personal.view',
  // accounts, grants and API keys; every write audited
  'GET /api/admin/users': 'users.manage',
  'POST /api/admin/users': 'users.manage',
  'PATCH /api/admin/users/:id': 'users.manage',
  'PUT /api/admin/users/:id/grants': 'users.manage',
  'POST /api/admin/users/:id/password-reset': 'users.manage',
  'POST /api/admin/users/:id/unlock': 'users.manage',
  'GET /api/admin/api-keys': 'users.manage',
  'POST /api/admin/api-keys': 'users.manage',
  'POST /api/admin/api-keys/:id/revoke': 'users.manage',
  // incidents' reference data (admins): categories and the working-day calendar serve the whole deployment; departments
  // and their members only in the street offices and counties of the caller's incidents.manage grants (checked in the service)
  'GET /api/admin/incident-categories': 'incidents.manage',
  'POST /api/admin/incident-categories': 'incidents.manage',
  'PATCH /api/admin/incident-categories/:code': 'incidents.manage',
  'GET /api/admin/departments': 'incidents.manage',
  'POST /api/admin/departments': 'incidents.manage',
  'PATCH /api/admin/departments/:id': 'incidents.manage',
  'PUT /api/admin/departments/:id/members': 'incidents.manage',
  'GET /api/admin/work-calendar': 'incidents.manage',
  'PUT /api/admin/work-calendar/days/:date': 'incidents.manage',
  'DELETE /api/admin/work-calendar/days/:date': 'incidents.manage',
  'PUT /api/admin/work-calendar/years/:year': 'incidents.manage',
  'DELETE /api/admin/work-calendar/years/:year': 'incidents.manage',
  'GET /api/audit': 'audit.read',
  // grid plans: scope (jurisdiction grants only) and level (review from above) are checked in the service
  'GET /api/plans': 'plans.view',
  'POST /api/plans': 'plans.edit',
  'GET /api/plans/:id': 'plans.view',
  // a draft by its author or a reviewer above (checked in the service)
  'DELETE /api/plans/:id': 'plans.edit',
  'GET /api/plans/:id/validation': 'plans.view',
  'GET /api/plans/:id/operations': 'plans.view',
  'GET /api/plans/:id/comments': 'plans.view',
  'POST /api/plans/:id/comments': 'plans.view',
  'POST /api/plans/:id/grids': 'plans.edit',
  'PUT /api/plans/:id/grids/:code/geometry': 'plans.edit',
  'POST /api/plans/:id/grids/:code/split': 'plans.edit',
  'PATCH /api/plans/:id/grids/:code': 'plans.edit',
  'DELETE /api/plans/:id/grids/:code': 'plans.edit',
  'POST /api/plans/:id/merge': 'plans.edit',
  'POST /api/plans/:id/reassign': 'plans.edit',
  // automatic plans: proposals are stored per plan; accepting one is one logged operation
  'POST /api/plans/:id/auto': 'plans.edit',
  'POST /api/plans/:id/rebalance': 'plans.edit',
  'POST /api/plans/:id/replan': 'plans.edit',
  'POST /api/plans/:id/proposals/:proposalId/accept': 'plans.edit',
  'POST /api/plans/:id/operations/:opId/revert': 'plans.edit',
  'POST /api/plans/:id/submit': 'plans.edit',
  'POST /api/plans/:id/approve': 'plans.review',
  'POST /api/plans/:id/reject': 'plans.review',
  'POST /api/plans/:id/publish': 'plans.review',
  // grid files and plan diffs: boundaries, aggregate counts and staff contacts, scoped in SQL
  'GET /api/plans/:id/four-boundaries': 'plans.view',
  'GET /api/plans/:id/diff': 'plans.view',
  'GET /api/plans/:id/grids/:code/file': 'plans.view',
  // base data from a city's own files (jurisdictions, buildings, roads); scope checked on the target code
  'POST /api/imports/:kind': 'data.import',
  // plan files: every grid of a plan the caller may see; import replaces a draft's grids (one logged operation)
  'GET /api/plans/:id/export': 'plans.view',
  'POST /api/plans/:id/import': 'plans.edit',
  // the built client (index.html and hashed assets), mounted by http/static.ts
  'GET /*': 'public',
};
