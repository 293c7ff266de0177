import { z } from 'zod';
import { originOf } from '../context.js';
import { createUserInput, updateUserInput, userDto } from '../schemas/auth.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

/** Admins only (see the access table). */
export const usersRouter = router({
  list: procedure
    .meta(restRoute('GET', '/users'))
    .input(z.void())
    .output(z.array(userDto))
    .query(({ ctx }) => ctx.services.users.list()),
  create: procedure
    .meta(restRoute('POST', '/users'))
    .input(createUserInput)
    .output(userDto)
    .mutation(({ ctx, input }) => ctx.services.users.create(input, originOf(ctx))),
  /** Name, role, password, or `disabled` (which also signs the user out everywhere). */
  update: procedure
    .meta(restRoute('PATCH', '/users/{id}'))
    .input(updateUserInput)
    .output(userDto)
    .mutation(({ ctx, input }) => ctx.services.users.update(input, originOf(ctx))),
});
