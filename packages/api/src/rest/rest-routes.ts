import { getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server';
import type { OpenApiMethod } from 'trpc-to-openapi';
import { z } from 'zod';
import type { Context } from '../context.js';
import { appRouter, createCaller } from '../root.js';
import type { ProcedureMeta } from './rest-route.js';

/** One REST route: a procedure that carries a `restRoute` meta. */
export interface RestRoute {
  /** The procedure's tRPC path, e.g. `connections.get` (its row in the access table). */
  procedure: string;
  method: OpenApiMethod;
  /** As in the meta and the OpenAPI document, e.g. `/connections/{id}`. */
  path: string;
}

/** What a REST caller gets back: the procedure's output, or the error as the tRPC error formatter shaped it. */
export type RestResult =
  | { ok: true; status: number; body: unknown }
  | {
      ok: false;
      status: number;
      body: { message: string; code: string; appCode: string; fieldErrors: Record<string, string[]> | null };
    };

interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  params: string[];
  input: z.ZodTypeAny | undefined;
}

/**
 * Every procedure with a REST route, static segments before parameters so `/syncs/preview`
 * never reads as `/syncs/{id}`. Built once from the router: a new procedure gets its route by
 * adding the meta, nothing here.
 */
const ROUTES: CompiledRoute[] = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>)
  .flatMap(([procedure, def]) => {
    const openapi = def._def.meta?.openapi;
    if (!openapi || openapi.enabled === false) return [];
    const params = [...openapi.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const source = openapi.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '([^/]+)');
    const pattern = new RegExp(`^${source}/?$`);
    return [{ procedure, method: openapi.method, path: openapi.path, pattern, params, input: def._def.inputs[0] }];
  })
  .sort((a, b) => a.params.length - b.params.length);

interface ProcedureLike {
  _def: { meta?: ProcedureMeta; inputs: z.ZodTypeAny[]; type: 'query' | 'mutation' | 'subscription' };
}

/** The routes, for hosts that need to know which procedure a request reaches (rate limits). */
export function listRestRoutes(): RestRoute[] {
  return ROUTES.map(({ procedure, method, path }) => ({ procedure, method, path }));
}

/** The route a request reaches and its decoded path parameters, or null. */
export function matchRestRoute(
  method: string,
  pathname: string,
): { route: RestRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    if (route.method !== method.toUpperCase()) continue;
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    try {
      route.params.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1] as string)));
    } catch {
      continue; // a malformed %-escape names nothing
    }
    return { route, params };
  }
  return null;
}

/**
 * Calls the route's procedure as the context's caller, through the same middlewares (access
 * table, error mapping) as `/trpc`. The input is the path parameters plus the query string
 * (GET, DELETE) or the JSON body (POST, PATCH, PUT).
 */
export async function callRestRoute(
  ctx: Context,
  route: RestRoute,
  request: { params: Record<string, string>; query: Record<string, unknown>; body: unknown },
): Promise<RestResult> {
  const compiled = ROUTES.find((candidate) => candidate.procedure === route.procedure) as CompiledRoute;
  let input: unknown;
  try {
    input = restInput(compiled, request);
    const procedure = compiled.procedure
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx)) as (
      input: unknown,
    ) => Promise<unknown>;
    return { ok: true, status: 200, body: await procedure(input) };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({
      config: appRouter._def._config,
      error,
      type: 'unknown',
      path: compiled.procedure,
      input,
      ctx,
    });
    return {
      ok: false,
      status: shape.data.httpStatus,
      body: {
        message: shape.message,
        code: shape.data.code,
        appCode: shape.data.appCode,
        fieldErrors: shape.data.fieldErrors,
      },
    };
  }
}

function restInput(
  route: CompiledRoute,
  request: { params: Record<string, string>; query: Record<string, unknown>; body: unknown },
): unknown {
  if (route.input === undefined || unwrap(route.input) instanceof z.ZodVoid) return undefined;
  if (route.method === 'GET' || route.method === 'DELETE') {
    return { ...convertFields(route.input, request.query, 'query'), ...request.params };
  }
  const body = request.body ?? {};
  // A JSON array or scalar body stays as it is: the procedure's schema refuses it with a field error.
  if (typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...convertFields(route.input, body as Record<string, unknown>, 'json'), ...request.params };
}

/**
 * A query string carries only text, JSON no dates; the schema says which fields are numbers,
 * booleans, dates or lists. Only an exact spelling converts (`20`, `true`, an ISO 8601 date): anything
 * else stays as sent and the schema refuses it with its own message. (Not zod's `coerce`, which
 * would read `"false"` as true.) A single query value for a list field becomes a list of one.
 */
function convertFields(
  schema: z.ZodTypeAny,
  values: Record<string, unknown>,
  from: 'query' | 'json',
): Record<string, unknown> {
  const object = unwrap(schema);
  const shape = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodTypeAny>) : {};
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = shape[key] ? unwrap(shape[key]) : undefined;
    if (field instanceof z.ZodArray && from === 'query') {
      const items = Array.isArray(value) ? value : [value];
      input[key] = items.map((item) => (typeof item === 'string' ? convert(unwrap(field.element), item, from) : item));
    } else {
      input[key] = typeof value === 'string' && field ? convert(field, value, from) : value;
    }
  }
  return input;
}

function convert(field: z.ZodTypeAny, value: string, from: 'query' | 'json'): unknown {
  if (field instanceof z.ZodDate && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value);
  }
  if (from === 'json') return value;
  if (field instanceof z.ZodNumber && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (field instanceof z.ZodBoolean && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** The schema under optional/nullable/default/refinement wrappers. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap());
  if (schema instanceof z.ZodDefault) return unwrap(schema.removeDefault());
  if (schema instanceof z.ZodEffects) return unwrap(schema.innerType());
  return schema;
}
