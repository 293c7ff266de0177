import type { OpenApiMeta, OpenApiMethod } from 'trpc-to-openapi';

/** The procedure meta every procedure may carry; `openapi` gives it a REST route (trpc-to-openapi's shape). */
export type ProcedureMeta = OpenApiMeta;

/**
 * A procedure's REST route under `/api/v1`: `.meta(restRoute('GET', '/connections/{id}'))`.
 * `{name}` segments are filled from the input field of that name; the rest of the input comes
 * from the query string (GET, DELETE) or the JSON body (POST, PATCH, PUT). The first path segment
 * is the tag that groups it in the docs. Every route needs an API token (`protect`); the access
 * table applies unchanged because the REST handler calls the same procedure.
 */
export function restRoute(method: OpenApiMethod, path: `/${string}`, summary?: string): ProcedureMeta {
  const tag = path.split('/')[1] ?? 'api';
  return { openapi: { method, path, tags: [tag], protect: true, ...(summary ? { summary } : {}) } };
}
