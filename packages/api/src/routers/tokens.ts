import { z } from 'zod';
import { originOf } from '../context.js';
import { byIdInput } from '../schemas/common.js';
import { createTokenInput, createTokenOutput, tokenDto } from '../schemas/auth.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

/** API tokens for `@pipecraft/client` and scripts; admins only (see the access table). */
export const tokensRouter = router({
  list: procedure
    .meta(restRoute('GET', '/tokens'))
    .input(z.void())
    .output(z.array(tokenDto))
    .query(({ ctx }) => ctx.services.tokens.list()),
  /** The answer's `token` is the only time the secret is shown. */
  create: procedure
    .meta(restRoute('POST', '/tokens'))
    .input(createTokenInput)
    .output(createTokenOutput)
    .mutation(({ ctx, input }) => ctx.services.tokens.create(input, originOf(ctx))),
  revoke: procedure
    .meta(restRoute('DELETE', '/tokens/{id}'))
    .input(byIdInput)
    .output(tokenDto)
    .mutation(({ ctx, input }) => ctx.services.tokens.revoke(input.id, originOf(ctx))),
});
