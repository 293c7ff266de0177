import { originOf } from '../context.js';
import { z } from 'zod';
import { byIdInput } from '../schemas/common.js';
import {
  cancelRunOutput,
  listRunsInput,
  recentRunsInput,
  runDto,
  runPageOutput,
  startRunInput,
  startRunOutput,
} from '../schemas/run.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

export const runsRouter = router({
  /** Answers at once with the run id; the run continues in the background. RUN_ALREADY_ACTIVE while one is active. */
  start: procedure
    .meta(restRoute('POST', '/syncs/{syncId}/run'))
    .input(startRunInput)
    .output(startRunOutput)
    .mutation(({ ctx, input }) => ctx.services.runs.start(input.syncId, originOf(ctx))),
  /**
   * Stops a queued, pending or running run (its statements on both servers too) and answers once
   * it is recorded `cancelled`; the destination keeps its previous rows.
   */
  cancel: procedure
    .meta(restRoute('POST', '/runs/{id}/cancel'))
    .input(byIdInput)
    .output(cancelRunOutput)
    .mutation(({ ctx, input }) => ctx.services.runs.cancel(input.id, originOf(ctx))),
  get: procedure
    .meta(restRoute('GET', '/runs/{id}'))
    .input(byIdInput)
    .output(runDto)
    .query(({ ctx, input }) => ctx.services.runs.get(input.id)),
  /** The history: one sync's runs or all, filtered by status, connection and time, sorted, `limit` at a time from offset `cursor`. */
  list: procedure
    // POST: the filters (a status list, a sort object, dates) do not fit a query string.
    .meta(restRoute('POST', '/runs/search'))
    .input(listRunsInput)
    .output(runPageOutput)
    .query(({ ctx, input }) => ctx.services.runs.list(input)),
  /** The newest runs across syncs. */
  recent: procedure
    .meta(restRoute('GET', '/runs'))
    .input(recentRunsInput)
    .output(z.array(runDto))
    .query(({ ctx, input }) => ctx.services.runs.recent(input.limit)),
});
