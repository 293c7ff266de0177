import { originOf } from '../context.js';
import { z } from 'zod';
import { byIdInput } from '../schemas/common.js';
import {
  connectionDetailDto,
  connectionDto,
  connectionTestOutput,
  createConnectionInput,
  testDraftInput,
  updateConnectionInput,
} from '../schemas/connection.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

export const connectionsRouter = router({
  /** All connections, by name, each with the syncs using it and its newest finished run. */
  list: procedure
    .meta(restRoute('GET', '/connections'))
    .input(z.void())
    .output(z.array(connectionDetailDto))
    .query(({ ctx }) => ctx.services.connections.list()),
  get: procedure
    .meta(restRoute('GET', '/connections/{id}'))
    .input(byIdInput)
    .output(connectionDetailDto)
    .query(({ ctx, input }) => ctx.services.connections.get(input.id)),
  create: procedure
    .meta(restRoute('POST', '/connections'))
    .input(createConnectionInput)
    .output(connectionDto)
    .mutation(({ ctx, input }) => ctx.services.connections.create(input, originOf(ctx))),
  /** Omitted fields stay; an omitted or empty `password` keeps the stored one, `clearPassword` removes it. */
  update: procedure
    .meta(restRoute('PATCH', '/connections/{id}'))
    .input(updateConnectionInput)
    .output(connectionDto)
    .mutation(({ ctx, input }) => ctx.services.connections.update(input, originOf(ctx))),
  /** Refused with CONNECTION_IN_USE while a sync uses the connection. */
  delete: procedure
    .meta(restRoute('DELETE', '/connections/{id}'))
    .input(byIdInput)
    .output(byIdInput)
    .mutation(({ ctx, input }) => ctx.services.connections.delete(input.id, originOf(ctx))),
  /** Connectivity test; the outcome is also stored as the connection's `lastTest`. */
  test: procedure
    .meta(restRoute('POST', '/connections/{id}/test'))
    .input(byIdInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => ctx.services.connections.test(input.id)),
  /** Tests values as typed (create and edit forms), before saving; stores nothing. */
  testDraft: procedure
    .meta(restRoute('POST', '/connections/test'))
    .input(testDraftInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => ctx.services.connections.testDraft(input)),
});
