import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import cors from 'cors';
import { callRestRoute, createContext, matchRestRoute, REST_BASE_PATH, type ApiDeps } from '@pipecraft/api';
import type { ErrorBody } from '../security/trpc-limits.js';
import { resolveConnectionRef } from './connection-ref.js';

/** How the REST surface reports an error: the tRPC error's `code`, PipeCraft's `appCode` and field errors. */
function errorBody(code: string, message: string, appCode = code) {
  return { message, code, appCode, fieldErrors: null };
}

/**
 * `/api/v1/…`: the procedures that carry a `restRoute` meta, called through the same router,
 * middlewares and access table as `/trpc`. Only API tokens authenticate here (`Authorization:
 * Bearer`): a browser never attaches one by itself, so no cross-site request can act as a signed-in
 * user, and the session cookie is ignored.
 */
export function restApi(options: {
  api: ApiDeps;
  corsOrigins: string[];
  /** Counts database-reaching calls against the same per-IP budget as `/trpc`. */
  limitDatabaseCalls: (proceduresOf: (req: Request) => string[], errorBody: ErrorBody) => RequestHandler;
}): Router {
  const { api } = options;
  const router = express.Router();
  router.use(
    REST_BASE_PATH,
    cors({ origin: options.corsOrigins.length > 0 ? options.corsOrigins : false }),
    options.limitDatabaseCalls(
      (req) => {
        const match = matchRestRoute(req.method, req.path);
        return match ? [match.route.procedure] : [];
      },
      (_status, message) => errorBody('TOO_MANY_REQUESTS', message, 'RATE_LIMITED'),
    ),
    express.json({ limit: '1mb' }),
    ((req, res, next) => {
      handle(req, res).catch(next);
    }) satisfies RequestHandler,
    restErrors(api),
  );

  async function handle(req: Request, res: Response): Promise<void> {
    const match = matchRestRoute(req.method, req.path);
    if (!match) {
      res.status(404).json(errorBody('NOT_FOUND', `No route ${req.method} ${REST_BASE_PATH}${req.path}.`));
      return;
    }
    const ctx = await createContext(api, {
      ip: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
      credentials: { sessionSecret: null, bearerToken: readBearer(req) },
    });
    const params = ctx.actor ? await resolveConnectionRef(api, match.route.path, match.params) : match.params;
    const result = await callRestRoute(ctx, match.route, { params, query: req.query, body: req.body });
    res.status(result.status).json(result.body);
  }
  return router;
}

function readBearer(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/** Body-parser failures (broken JSON, too large) in the REST error shape; anything else is logged, never shown. */
function restErrors(api: ApiDeps): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed') {
      res.status(400).json(errorBody('PARSE_ERROR', 'The request body is not valid JSON.'));
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large (at most 1 MB).'));
      return;
    }
    api.logger.error('REST request failed', { method: req.method, path: req.path, error });
    res.status(500).json(errorBody('INTERNAL_SERVER_ERROR', 'Internal server error.', 'INTERNAL'));
  };
}
