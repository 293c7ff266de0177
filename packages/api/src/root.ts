import { auditRouter } from './routers/audit.js';
import { authRouter } from './routers/auth.js';
import { connectionsRouter } from './routers/connections.js';
import { discoveryRouter } from './routers/discovery.js';
import { metaRouter } from './routers/meta.js';
import { runsRouter } from './routers/runs.js';
import { syncsRouter } from './routers/syncs.js';
import { tokensRouter } from './routers/tokens.js';
import { usersRouter } from './routers/users.js';
import { webhooksRouter } from './routers/webhooks.js';
import { workersRouter } from './routers/workers.js';
import { createCallerFactory, router } from './trpc.js';

/** The whole API; the contract is in docs/architecture.md. */
export const appRouter = router({
  auth: authRouter,
  connections: connectionsRouter,
  discovery: discoveryRouter,
  syncs: syncsRouter,
  runs: runsRouter,
  meta: metaRouter,
  users: usersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
  workers: workersRouter,
});

export type AppRouter = typeof appRouter;

/** `createCaller(await createContext(deps, { credentials }))` calls procedures in-process (tests, scripts). */
export const createCaller = createCallerFactory(appRouter);
