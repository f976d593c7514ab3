import { z } from 'zod';
import { MAX_QUERY_CHARS, queryLength, searchTokens } from './search.domain.ts';

/** Most items one search answers; the box shows them grouped, so a page of them is plenty. */
export const MAX_LIMIT = 50;

/**
 * GET /api/search?q=&limit=. An empty query (nothing but spaces) is 400 search_query_empty and
 * an over-long one 400 search_query_too_long, so the client can say which; limit is 1–50, default 20.
 */
export const searchQuery = z.object({
  q: z.string().optional().transform((q, ctx) => {
    const text = q ?? '';
    if (queryLength(text) > MAX_QUERY_CHARS) {
      ctx.addIssue({ code: 'custom', message: `q is at most ${MAX_QUERY_CHARS} characters`, params: { code: 'search_query_too_long' } });
      return z.NEVER;
    }
    const tokens = searchTokens(text);
    if (tokens.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'q must name something to find', params: { code: 'search_query_empty' } });
      return z.NEVER;
    }
    return tokens;
  }),
  limit: z.string().regex(/^\d{1,3}$/, 'limit must be a whole number').transform(Number)
    .pipe(z.number().min(1, 'limit must be ≥ 1').max(MAX_LIMIT, `limit must be ≤ ${MAX_LIMIT}`)).default(20),
});
