import { listDialects, listWriteModes } from '@pipecraft/sync-engine';
import { z } from 'zod';
import { dialectInfoDto, writeModeInfoDto } from '../schemas/meta.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

/** What the engine supports, read-only: clients build their choices from this, never from a copy. */
export const metaRouter = router({
  /** Every dialect the engine speaks, in the engine's order, with a label and default port. */
  dialects: procedure
    .meta(restRoute('GET', '/meta/dialects'))
    .input(z.void())
    .output(z.array(dialectInfoDto))
    .query(() => listDialects()),
  /** Every write mode, in the engine's order; the first is the default. */
  writeModes: procedure
    .meta(restRoute('GET', '/meta/write-modes'))
    .input(z.void())
    .output(z.array(writeModeInfoDto))
    .query(() => listWriteModes()),
});
