import { z } from 'zod';
import { columnDto, columnsInput, schemasInput, schemasOutput, tableDto, tablesInput } from '../schemas/discovery.js';
import { publicProcedure, router } from '../trpc.js';

export const discoveryRouter = router({
  /** PostgreSQL schemas (system ones hidden) or MySQL databases. */
  schemas: publicProcedure
    .input(schemasInput)
    .output(schemasOutput)
    .query(({ ctx, input }) => ctx.services.discovery.schemas(input.connectionId)),
  /** Tables and views with the server's row estimate. */
  tables: publicProcedure
    .input(tablesInput)
    .output(z.array(tableDto))
    .query(({ ctx, input }) => ctx.services.discovery.tables(input.connectionId, input.schema)),
  columns: publicProcedure
    .input(columnsInput)
    .output(z.array(columnDto))
    .query(({ ctx, input }) => ctx.services.discovery.columns(input.connectionId, input.schema, input.table)),
});
