import { z } from 'zod';
import { byIdInput } from '../schemas/common.js';
import { createSyncInput, previewSyncInput, syncDto, syncPlanDto, updateSyncInput } from '../schemas/sync.js';
import { publicProcedure, router } from '../trpc.js';

export const syncsRouter = router({
  list: publicProcedure.output(z.array(syncDto)).query(({ ctx }) => ctx.services.syncs.list()),
  get: publicProcedure
    .input(byIdInput)
    .output(syncDto)
    .query(({ ctx, input }) => ctx.services.syncs.get(input.id)),
  /** Field errors for a taken name, wrong connection roles, a missing source table. */
  create: publicProcedure
    .input(createSyncInput)
    .output(syncDto)
    .mutation(({ ctx, input }) => ctx.services.syncs.create(input)),
  update: publicProcedure
    .input(updateSyncInput)
    .output(syncDto)
    .mutation(({ ctx, input }) => ctx.services.syncs.update(input)),
  /** Removes the sync and its runs; refused with RUN_ALREADY_ACTIVE while a run is active. */
  delete: publicProcedure
    .input(byIdInput)
    .output(byIdInput)
    .mutation(({ ctx, input }) => ctx.services.syncs.delete(input.id)),
  /** The engine's plan for a table pair (DDL, lossy columns, mismatches); changes nothing. */
  preview: publicProcedure
    .input(previewSyncInput)
    .output(syncPlanDto)
    .query(({ ctx, input }) => ctx.services.syncs.preview(input)),
});
