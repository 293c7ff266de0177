import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ACCESS, roleAllows } from './auth/access.js';
import type { Context } from './context.js';
import type { ProcedureMeta } from './rest/rest-route.js';
import { AppError, appCodeOf, fieldErrorsOf, publicMessageOf, toTRPCError } from './errors.js';

/**
 * tRPC, created once. The error formatter gives every error shape `data.appCode` and
 * `data.fieldErrors` and drops the stack: clients get a message for people, nothing more.
 */
const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    // Never ship stacks, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
      return {
        ...shape,
        message: publicMessageOf(error),
        data: { ...data, appCode: appCodeOf(error), fieldErrors: fieldErrorsOf(error) },
      };
    },
  });

/**
 * Maps whatever a procedure threw through the one table in errors.ts, so callers (HTTP and
 * `createCaller` alike) see the same code and message, and unknown errors get logged, redacted.
 */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error, ctx.logger, path);
  return result;
});

/**
 * The one place roles are enforced: looks the procedure's path up in the access table
 * (auth/access.ts, mirrored in docs/security.md). It runs before input parsing, so a refused caller
 * learns nothing about the input. A path without a row is refused to everybody.
 */
const authorize = t.middleware(async ({ ctx, next, path }) => {
  const access = ACCESS[path];
  if (access === undefined) throw new AppError('FORBIDDEN', 'This procedure has no access rule.');
  if (access === 'public') return next();
  if (!ctx.actor) {
    if (await ctx.services.auth.setupRequired()) {
      throw new AppError('SETUP_REQUIRED', 'PipeCraft is not set up yet: create the first admin on the setup page.');
    }
    throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  }
  if (!roleAllows(ctx.actor.role, access)) {
    throw new AppError('FORBIDDEN', `This needs the ${access} role; you are signed in as ${ctx.actor.role}.`);
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** The only procedure builder: errors mapped, access checked against the table. */
export const procedure = t.procedure.use(mapErrors).use(authorize);
