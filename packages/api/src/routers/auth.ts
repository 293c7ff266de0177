import { z } from 'zod';
import { originOf, type Context } from '../context.js';
import { AppError } from '../errors.js';
import { authStatusOutput, setupInput, signInInput } from '../schemas/auth.js';
import type { NewSession } from '../services/auth-service.js';
import { procedure, router } from '../trpc.js';

function startSession(ctx: Context, session: NewSession) {
  ctx.request.sessionCookie?.set(session.secret, session.expiresAt);
}

function signedIn(ctx: Context) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return ctx.actor;
}

export const authRouter = router({
  /** Whether setup is still needed and who is signed in; what the web asks first. */
  status: procedure.output(authStatusOutput).query(({ ctx }) => ctx.services.auth.status(ctx.actor)),
  /** Creates the first admin and signs them in; refused with SETUP_DONE once any user exists. */
  setup: procedure
    .input(setupInput)
    .output(z.object({ expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.services.auth.setup(input, originOf(ctx), ctx.request.userAgent);
      startSession(ctx, session);
      return { expiresAt: session.expiresAt };
    }),
  /** Sets the session cookie. Rate-limited (RATE_LIMITED); failures are audited. */
  signIn: procedure
    .input(signInInput)
    .output(z.object({ expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.services.auth.signIn(input, originOf(ctx), ctx.request.userAgent);
      startSession(ctx, session);
      return { expiresAt: session.expiresAt };
    }),
  signOut: procedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await ctx.services.auth.signOut(signedIn(ctx), originOf(ctx));
    ctx.request.sessionCookie?.clear();
    return { ok: true as const };
  }),
  /** Revokes every session of the signed-in user, on every device. */
  signOutEverywhere: procedure.output(z.object({ revoked: z.number().int() })).mutation(async ({ ctx }) => {
    const result = await ctx.services.auth.signOutEverywhere(signedIn(ctx), originOf(ctx));
    ctx.request.sessionCookie?.clear();
    return result;
  }),
});
