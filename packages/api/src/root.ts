import { connectionsRouter } from './routers/connections.js';
import { discoveryRouter } from './routers/discovery.js';
import { metaRouter } from './routers/meta.js';
import { runsRouter } from './routers/runs.js';
import { syncsRouter } from './routers/syncs.js';
import { createCallerFactory, router } from './trpc.js';

/** The whole API; the contract is in docs/architecture.md. */
export const appRouter = router({
  connections: connectionsRouter,
  discovery: discoveryRouter,
  syncs: syncsRouter,
  runs: runsRouter,
  meta: metaRouter,
});

export type AppRouter = typeof appRouter;

/** `createCaller(createContext(deps))` calls procedures in-process (tests, scripts). */
export const createCaller = createCallerFactory(appRouter);
