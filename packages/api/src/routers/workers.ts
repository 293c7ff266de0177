import { workerListOutput } from '../schemas/worker.js';
import { procedure, router } from '../trpc.js';

/** Worker processes of distributed mode (empty in the embedded default). */
export const workersRouter = router({
  /** Live workers (recent heartbeat, not stopped), oldest first. */
  list: procedure.output(workerListOutput).query(({ ctx }) => ctx.services.workers.listLive()),
});
