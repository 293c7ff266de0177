import type { OpenAPIObject } from 'trpc-to-openapi';
import { appRouter } from '../root.js';

/** Where the REST routes live, relative to the server's origin. */
export const REST_BASE_PATH = '/api/v1';

/**
 * The OpenAPI 3.1 document of every procedure that has a `restRoute` meta, generated from the
 * same zod schemas the router validates with (trpc-to-openapi + zod-openapi), so it cannot drift.
 * `serverUrl` is what the docs page's "Try it out" calls (`/api/v1` on the same origin by default).
 */
export async function createOpenApiDocument(serverUrl: string = REST_BASE_PATH): Promise<OpenAPIObject> {
  // Loaded on first use: the generator and zod-openapi add ~30 MB and ~0.7 s to a server's start,
  // and only this document needs them (the REST handler does not).
  const { generateOpenApiDocument } = await import('trpc-to-openapi');
  const document = generateOpenApiDocument(appRouter, {
    title: 'PipeCraft API',
    version: '1',
    openApiVersion: '3.1.0',
    baseUrl: serverUrl,
    description:
      'Every route needs an API token (`Authorization: Bearer pct_…`, created by an admin on the Tokens page); ' +
      'its role decides what it may call (docs/security.md). Errors answer `{ message, code, appCode, fieldErrors }` ' +
      'with the HTTP status of `code`. A connection can be addressed by its id or by its name.',
    securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'An API token (`pct_…`).' } },
  });
  acceptConnectionNames(document);
  describeErrors(document);
  return document;
}

/** The error body the REST handler sends (rest-routes.ts), in place of the generator's `{ message, code, issues }`. */
function describeErrors(document: OpenAPIObject): void {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (!name.startsWith('error.')) continue;
    const code = name.slice('error.'.length);
    Object.assign(schema, {
      properties: {
        message: { type: 'string', description: 'For people: what went wrong and what to do.' },
        code: { type: 'string', description: 'The tRPC error code; the HTTP status follows from it.', example: code },
        appCode: {
          type: 'string',
          description: "PipeCraft's stable code to branch on (e.g. VALIDATION_FAILED, NAME_TAKEN, CONNECTION_IN_USE).",
        },
        fieldErrors: {
          type: ['object', 'null'],
          additionalProperties: { type: 'array', items: { type: 'string' } },
          description: 'Input field (dotted path) → messages, for bad input; otherwise null.',
        },
      },
      required: ['message', 'code', 'appCode', 'fieldErrors'],
    });
    delete (schema as { example?: unknown }).example;
  }
}

/**
 * The REST handler resolves a connection's name to its id before the procedure sees it (see the
 * server's connection-ref.ts), so the `{id}`/`{connectionId}` of a `/connections/…` path is a
 * uuid *or* a name: the document says so instead of the uuid-only schema of the tRPC input.
 */
function acceptConnectionNames(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const match = /^\/connections\/\{(\w+)\}/.exec(path);
    if (!match) continue;
    for (const operation of Object.values(item as Record<string, { parameters?: unknown[] }>)) {
      for (const parameter of operation.parameters ?? []) {
        const p = parameter as { in?: string; name?: string; description?: string; schema?: unknown };
        if (p.in !== 'path' || p.name !== match[1]) continue;
        p.description = "The connection's id or its name.";
        p.schema = { type: 'string', minLength: 1 };
      }
    }
  }
}
