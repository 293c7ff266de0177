import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { appRouter, createContext, type ApiDeps } from '@pipecraft/api';
import { requestInfo } from './request-auth.js';

export interface AppOptions {
  api: ApiDeps;
  /** Browser origins allowed to call /trpc cross-origin; empty = same origin only. */
  corsOrigins: string[];
  /** In production no error response carries a stack. */
  production: boolean;
  /** Express's `trust proxy` (env `PIPECRAFT_TRUST_PROXY`); decides whether `req.secure` and `req.ip` believe X-Forwarded-* headers. Default false. */
  trustProxy?: boolean | number | string;
  /** Serves the web UI for everything that is not the API (see web-handler.ts); absent in API-only tests. */
  web?: RequestHandler;
}

/** The Express app, without listening, so tests can mount it on an ephemeral port. */
export function createApp(options: AppOptions): Express {
  const { api } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);

  app.get('/healthz', async (_req, res) => {
    const store = await api.store.status();
    res.status(store.ok ? 200 : 503).json({ status: store.ok ? 'ok' : 'degraded', store });
  });

  app.use(
    '/trpc',
    cors({ origin: options.corsOrigins.length > 0 ? options.corsOrigins : false }),
    express.json({ limit: '1mb' }),
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext(api, requestInfo(req, res)),
    }),
  );

  if (options.web) app.use(options.web);

  app.use(errorHandler(options));
  return app;
}

/** Last stop for errors outside tRPC (body too large, broken JSON, the web handler). */
function errorHandler(options: AppOptions): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = httpStatusOf(error);
    if (status >= 500) options.api.logger.error('Request failed', { method: req.method, path: req.path, error });
    const message = status >= 500 ? 'Internal server error.' : error instanceof Error ? error.message : 'Bad request.';
    const stack = !options.production && error instanceof Error ? { stack: error.stack } : {};
    res.status(status).json({ error: { message, status, ...stack } });
  };
}

function httpStatusOf(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
