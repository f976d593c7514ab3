import type { InferRequestType, InferResponseType } from 'hono/client';
import { rpc, unwrap, unwrapEmpty, type Ok } from './client.ts';

type Admin = typeof rpc.api.admin;
type Categories = Admin['incident-categories'];
type Departments = Admin['departments'];
type Calendar = Admin['work-calendar'];

/** GET /api/admin/incident-categories: every class and minor class with its version and sort order. */
export type AdminCategory = Ok<Categories['$get']>['items'][number];
/** POST /api/admin/incident-categories: a minor class under a class, or a local class with its minor classes. */
export type NewCategory = InferRequestType<Categories['$post']>['json'];
/** PATCH /api/admin/incident-categories/:code, without the version (the caller passes the one it read). */
export type CategoryPatch = Omit<InferRequestType<Categories[':code']['$patch']>['json'], 'version'>;
/** GET /api/admin/departments: a unit with its place and its people. */
export type AdminDepartment = Ok<Departments['$get']>['items'][number];
export type NewDepartment = InferRequestType<Departments['$post']>['json'];
export type DepartmentPatch = InferRequestType<Departments[':id']['$patch']>['json'];
/** GET /api/admin/work-calendar: a year's days with their source, and whose arrangement covers it. */
export type CalendarYear = Ok<Calendar['$get']>;
export type CalendarDay = CalendarYear['days'][number];
export type CalendarDayInput = InferRequestType<Calendar['days'][':date']['$put']>['json'];

/** The incidents' reference data for admins (incidents.manage) on the one typed client. */
export const incidentAdminApi = {
  categories: () => unwrap<Ok<Categories['$get']>>(rpc.api.admin['incident-categories'].$get()),
  createCategory: (json: NewCategory) =>
    unwrap<InferResponseType<Categories['$post'], 201>>(rpc.api.admin['incident-categories'].$post({ json })),
  patchCategory: (code: string, version: number, patch: CategoryPatch) =>
    unwrap<AdminCategory>(rpc.api.admin['incident-categories'][':code'].$patch({ param: { code }, json: { ...patch, version } })),
  departments: (jurisdiction?: number) =>
    unwrap<Ok<Departments['$get']>>(rpc.api.admin.departments.$get({ query: { jurisdiction: jurisdiction === undefined ? undefined : String(jurisdiction) } })),
  createDepartment: (json: NewDepartment) => unwrap<AdminDepartment>(rpc.api.admin.departments.$post({ json })),
  patchDepartment: (id: number, json: DepartmentPatch) =>
    unwrap<AdminDepartment>(rpc.api.admin.departments[':id'].$patch({ param: { id: String(id) }, json })),
  setMembers: (id: number, userIds: number[]) =>
    unwrap<AdminDepartment>(rpc.api.admin.departments[':id'].members.$put({ param: { id: String(id) }, json: userIds })),
  calendar: (year: number) => unwrap<CalendarYear>(rpc.api.admin['work-calendar'].$get({ query: { year: String(year) } })),
  putDay: (date: string, json: CalendarDayInput) =>
    unwrap<CalendarDay>(rpc.api.admin['work-calendar'].days[':date'].$put({ param: { date }, json })),
  deleteDay: (date: string) => unwrapEmpty(rpc.api.admin['work-calendar'].days[':date'].$delete({ param: { date } })),
  declareYear: (year: number) => unwrap<Ok<Calendar['years'][':year']['$put']>>(rpc.api.admin['work-calendar'].years[':year'].$put({ param: { year: String(year) } })),
  withdrawYear: (year: number) => unwrapEmpty(rpc.api.admin['work-calendar'].years[':year'].$delete({ param: { year: String(year) } })),
};
