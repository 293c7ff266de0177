import { originOf } from '../context.js';
import { z } from 'zod';
import { byIdInput } from '../schemas/common.js';
import {
  createPipelineInput,
  pipelineDto,
  pipelinePreview,
  previewPipelineInput,
  runPipelineOutput,
} from '../schemas/pipeline.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

export const pipelinesRouter = router({
  list: procedure
    .meta(restRoute('GET', '/pipelines'))
    .input(z.void())
    .output(z.array(pipelineDto))
    .query(({ ctx }) => ctx.services.pipelines.list()),
  get: procedure
    .meta(restRoute('GET', '/pipelines/{id}'))
    .input(byIdInput)
    .output(pipelineDto)
    .query(({ ctx, input }) => ctx.services.pipelines.get(input.id)),
  /** Every selected table's plan (DDL, lossy columns, mismatches), problems first; changes nothing. */
  preview: procedure
    .meta(restRoute('POST', '/pipelines/preview'))
    .input(previewPipelineInput)
    .output(pipelinePreview)
    .query(({ ctx, input }) => ctx.services.pipelines.preview(input)),
  /** The pipeline and one sync per table, in one step; refused as a whole if any table has a problem. */
  create: procedure
    .meta(restRoute('POST', '/pipelines'))
    .input(createPipelineInput)
    .output(pipelineDto)
    .mutation(({ ctx, input }) => ctx.services.pipelines.create(input, originOf(ctx))),
  /** Runs every member, at most the pipeline's concurrency at once; RUN_ALREADY_ACTIVE while one runs. */
  run: procedure
    .meta(restRoute('POST', '/pipelines/{id}/run'))
    .input(byIdInput)
    .output(runPipelineOutput)
    .mutation(({ ctx, input }) => ctx.services.pipelines.run(input.id, originOf(ctx))),
  /** Removes the pipeline, its schedule and its member syncs with their runs. */
  delete: procedure
    .meta(restRoute('DELETE', '/pipelines/{id}'))
    .input(byIdInput)
    .output(byIdInput)
    .mutation(({ ctx, input }) => ctx.services.pipelines.delete(input.id, originOf(ctx))),
});
