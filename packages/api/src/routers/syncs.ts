import { originOf } from '../context.js';
import { z } from 'zod';
import { byIdInput } from '../schemas/common.js';
import {
  createSyncInput,
  previewSyncInput,
  setWatermarkInput,
  syncDto,
  syncPlanDto,
  updateSyncInput,
} from '../schemas/sync.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

export const syncsRouter = router({
  list: procedure
    .meta(restRoute('GET', '/syncs'))
    .input(z.void())
    .output(z.array(syncDto))
    .query(({ ctx }) => ctx.services.syncs.list()),
  get: procedure
    .meta(restRoute('GET', '/syncs/{id}'))
    .input(byIdInput)
    .output(syncDto)
    .query(({ ctx, input }) => ctx.services.syncs.get(input.id)),
  /** Field errors for a taken name, wrong connection roles, a missing source table. */
  create: procedure
    .meta(restRoute('POST', '/syncs'))
    .input(createSyncInput)
    .output(syncDto)
    .mutation(({ ctx, input }) => ctx.services.syncs.create(input, originOf(ctx))),
  update: procedure
    .meta(restRoute('PATCH', '/syncs/{id}'))
    .input(updateSyncInput)
    .output(syncDto)
    .mutation(({ ctx, input }) => ctx.services.syncs.update(input, originOf(ctx))),
  /** Removes the sync and its runs; refused with RUN_ALREADY_ACTIVE while a run is active. */
  delete: procedure
    .meta(restRoute('DELETE', '/syncs/{id}'))
    .input(byIdInput)
    .output(byIdInput)
    .mutation(({ ctx, input }) => ctx.services.syncs.delete(input.id, originOf(ctx))),
  /** The engine's plan for a table pair (DDL, lossy columns, mismatches); changes nothing. */
  preview: procedure
    .meta(restRoute('POST', '/syncs/preview'))
    .input(previewSyncInput)
    .output(syncPlanDto)
    .query(({ ctx, input }) => ctx.services.syncs.preview(input)),
  /** Forget the watermark: the next incremental run reads from the beginning. Refused while a run is active. */
  resetWatermark: procedure
    .meta(restRoute('DELETE', '/syncs/{id}/watermark'))
    .input(byIdInput)
    .output(syncDto)
    .mutation(({ ctx, input }) => ctx.services.syncs.setWatermark({ id: input.id, watermark: null }, originOf(ctx))),
  /** Set the watermark by hand (cursor and key values as text); the next run starts after it. */
  setWatermark: procedure
    .meta(restRoute('PUT', '/syncs/{id}/watermark'))
    .input(setWatermarkInput)
    .output(syncDto)
    .mutation(({ ctx, input }) => ctx.services.syncs.setWatermark(input, originOf(ctx))),
});
