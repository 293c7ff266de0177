import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { appRouter, createContext, type ApiDeps } from '@pipecraft/api';
import { hostAllowlist } from './security/host-allowlist.js';
import { sameOriginMutations } from './security/same-origin.js';
import { securityHeaders } from './security/security-headers.js';
import { batchCap, databaseCallRateLimit, trpcProceduresOf } from './security/trpc-limits.js';
import { metricsRoute, type MetricsSource } from './metrics-route.js';
import { apiDocs } from './rest/api-docs.js';
import { restApi } from './rest/rest-api.js';
import { requestInfo } from './request-auth.js';

export interface AppOptions {
  api: ApiDeps;
  /** Browser origins allowed to call /trpc cross-origin; empty = same origin only. */
  corsOrigins: string[];
  /** Production mode (Remix's mode). No response carries a stack in any mode. */
  production: boolean;
  /** Express's `trust proxy` (env `PIPECRAFT_TRUST_PROXY`); decides whether `req.secure` and `req.ip` believe X-Forwarded-* headers. Default false. */
  trustProxy?: boolean | number | string;
  /** Serves the web UI for everything that is not the API (see web-handler.ts); absent in API-only tests. */
  web?: RequestHandler;
  /** Host names the server answers to (see security/host-allowlist.ts); absent = any (tests only). */
  allowedHosts?: string[];
  /** The origin of `PIPECRAFT_PUBLIC_URL`: mutations from it count as same-origin behind a proxy that rewrites Host. */
  publicOrigin?: string;
  /** Served over HTTPS (the public URL says so): HSTS and upgrade-insecure-requests. Default false. */
  https?: boolean;
  /** Database-reaching calls (tests, discovery, previews) per client IP and minute. Default 30. */
  connectionTestRate?: number;
  /** Most calls in one tRPC batch. Default 20. */
  maxBatch?: number;
  /** Served at `/metrics` to holders of `metricsToken`; absent = no route (API-only tests). */
  metrics?: MetricsSource;
  /** The bearer token `/metrics` wants (env `PIPECRAFT_METRICS_TOKEN`); `null`/absent = /metrics answers 404. */
  metricsToken?: string | null;
}

/** The Express app, without listening, so tests can mount it on an ephemeral port. */
export function createApp(options: AppOptions): Express {
  const { api } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  if (options.allowedHosts) app.use(hostAllowlist(options.allowedHosts));
  app.use(securityHeaders({ https: options.https ?? false }));

  app.get('/healthz', async (_req, res) => {
    const store = await api.store.status();
    res.status(store.ok ? 200 : 503).json({ status: store.ok ? 'ok' : 'degraded', store });
  });

  if (options.metrics) app.get('/metrics', metricsRoute(options.metrics, options.metricsToken ?? null));

  const limitDatabaseCalls = databaseCallRateLimit(options.connectionTestRate ?? 30);
  app.use(
    '/trpc',
    cors({ origin: options.corsOrigins.length > 0 ? options.corsOrigins : false }),
    sameOriginMutations(options.publicOrigin ? [...options.corsOrigins, options.publicOrigin] : options.corsOrigins),
    batchCap(options.maxBatch ?? 20),
    limitDatabaseCalls(trpcProceduresOf),
    express.json({ limit: '1mb' }),
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext(api, requestInfo(req, res)),
    }),
  );

  app.use(restApi({ api, corsOrigins: options.corsOrigins, limitDatabaseCalls }));
  app.use(apiDocs());

  if (options.web) app.use(options.web);

  app.use(errorHandler(options));
  return app;
}

/** Body-parser failures, by `error.type`, in words that echo nothing of the request. */
const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': 'The request body is too large (at most 1 MB).',
  'entity.parse.failed': 'The request body is not valid JSON.',
  'encoding.unsupported': 'The request body has an unsupported encoding.',
  'charset.unsupported': 'The request body has an unsupported character set.',
  'request.aborted': 'The request was aborted.',
  'entity.verify.failed': 'The request body was refused.',
};

/**
 * Last stop for errors outside tRPC (body too large, broken JSON, the web handler). Never a stack
 * or a path in any mode: a message for people, the status, and the details in the log.
 */
function errorHandler(options: AppOptions): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = httpStatusOf(error);
    if (status >= 500) options.api.logger.error('Request failed', { method: req.method, path: req.path, error });
    const type = (error as { type?: unknown } | null)?.type;
    const message =
      status >= 500
        ? 'Internal server error.'
        : ((typeof type === 'string' ? BODY_ERRORS[type] : undefined) ?? 'Bad request.');
    res.status(status).json({ error: { message, status } });
  };
}

function httpStatusOf(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
