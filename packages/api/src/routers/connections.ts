import { z } from 'zod';
import { byIdInput } from '../schemas/common.js';
import {
  connectionDto,
  connectionTestOutput,
  createConnectionInput,
  updateConnectionInput,
} from '../schemas/connection.js';
import { publicProcedure, router } from '../trpc.js';

export const connectionsRouter = router({
  /** All connections, by name. */
  list: publicProcedure.output(z.array(connectionDto)).query(({ ctx }) => ctx.services.connections.list()),
  get: publicProcedure
    .input(byIdInput)
    .output(connectionDto)
    .query(({ ctx, input }) => ctx.services.connections.get(input.id)),
  create: publicProcedure
    .input(createConnectionInput)
    .output(connectionDto)
    .mutation(({ ctx, input }) => ctx.services.connections.create(input)),
  /** Omitted fields stay; an omitted or empty `password` keeps the stored one, `clearPassword` removes it. */
  update: publicProcedure
    .input(updateConnectionInput)
    .output(connectionDto)
    .mutation(({ ctx, input }) => ctx.services.connections.update(input)),
  /** Refused with CONNECTION_IN_USE while a sync uses the connection. */
  delete: publicProcedure
    .input(byIdInput)
    .output(byIdInput)
    .mutation(({ ctx, input }) => ctx.services.connections.delete(input.id)),
  /** Connectivity test; the outcome is also stored as the connection's `lastTest`. */
  test: publicProcedure
    .input(byIdInput)
    .output(connectionTestOutput)
    .mutation(({ ctx, input }) => ctx.services.connections.test(input.id)),
});
