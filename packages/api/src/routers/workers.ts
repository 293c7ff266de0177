import { z } from 'zod';
import { workerListOutput } from '../schemas/worker.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

/** Worker processes of distributed mode (empty in the embedded default). */
export const workersRouter = router({
  /** Live workers (recent heartbeat, not stopped), oldest first. */
  list: procedure
    .meta(restRoute('GET', '/workers'))
    .input(z.void())
    .output(workerListOutput)
    .query(({ ctx }) => ctx.services.workers.listLive()),
});
