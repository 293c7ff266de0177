import { auditListInput, auditPageOutput } from '../schemas/audit.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

/** The audit log, read-only (nothing can change or delete an entry); admins only. */
export const auditRouter = router({
  /** Newest first, filtered by actor, action prefix and time range, `limit` at a time from offset `cursor`. */
  list: procedure
    .meta(restRoute('GET', '/audit'))
    .input(auditListInput)
    .output(auditPageOutput)
    .query(({ ctx, input }) => ctx.services.audit.list(input)),
});
