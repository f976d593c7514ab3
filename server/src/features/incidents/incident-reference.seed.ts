import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import categoriesFile from '../../../../data/incidents/categories.json' with { type: 'json' };
import type { Sql } from 'postgres';
import type { CalendarFile } from '../../../../data/calendar/extract.ts';
import { createIncidentCategoriesRepo } from './incident-categories.repo.ts';
import { parseCategories } from './policies.domain.ts';
import { createWorkCalendarRepo } from './work-calendar.repo.ts';

/**
 * Seeds the incident reference tables from their data files (the source of truth) at every start, demo
 * or not: categories the table lacks are added (an admin's edits and switched-off categories are kept),
 * and the calendar's chinese-days rows are made equal to the file (the admin's days and years kept).
 */
export async function seedIncidentReference(
  sql: Sql,
  opts: { log?: (m: string) => void; categories?: unknown; calendar?: CalendarFile } = {},
) {
  const categories = await createIncidentCategoriesRepo(sql).seed(parseCategories(opts.categories ?? categoriesFile));
  const calendar = await createWorkCalendarRepo(sql).refresh(opts.calendar ?? calendarFile);
  if (categories.length) opts.log?.(`[db] added ${categories.length} incident categories`);
  const changed = calendar.days + calendar.removedDays + calendar.years + calendar.removedYears;
  if (changed) opts.log?.(`[db] work calendar: ${calendar.days} days added or changed, ${calendar.removedDays} removed, ${calendar.years} years added or changed`);
  return { categories, calendar };
}
