import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import type { Context } from './context.js';
import { appCodeOf, fieldErrorsOf, publicMessageOf, toTRPCError } from './errors.js';

/**
 * tRPC, created once. The error formatter gives every error shape `data.appCode` and
 * `data.fieldErrors` and drops the stack: clients get a message for people, nothing more.
 */
const t = initTRPC.context<Context>().create({
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);
