import { z } from 'zod';
import { columnDto, columnsInput, schemasInput, schemasOutput, tableDto, tablesInput } from '../schemas/discovery.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

export const discoveryRouter = router({
  /** PostgreSQL schemas (system ones hidden); MySQL: the connection's database, or every database with `listAllSchemas`. */
  schemas: procedure
    .meta(restRoute('GET', '/connections/{connectionId}/schemas'))
    .input(schemasInput)
    .output(schemasOutput)
    .query(({ ctx, input }) => ctx.services.discovery.schemas(input.connectionId)),
  /** Tables and views with the server's row estimate and size on disk. */
  tables: procedure
    .meta(restRoute('GET', '/connections/{connectionId}/tables'))
    .input(tablesInput)
    .output(z.array(tableDto))
    .query(({ ctx, input }) => ctx.services.discovery.tables(input.connectionId, input.schema)),
  columns: procedure
    .meta(restRoute('GET', '/connections/{connectionId}/columns'))
    .input(columnsInput)
    .output(z.array(columnDto))
    .query(({ ctx, input }) => ctx.services.discovery.columns(input.connectionId, input.schema, input.table)),
});
