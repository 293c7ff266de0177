import { z } from 'zod';
import { originOf } from '../context.js';
import { byIdInput } from '../schemas/common.js';
import {
  createWebhookInput,
  createWebhookOutput,
  deliveryPageOutput,
  listDeliveriesInput,
  updateWebhookInput,
  webhookDeliveryDto,
  webhookDto,
} from '../schemas/webhook.js';
import { restRoute } from '../rest/rest-route.js';
import { procedure, router } from '../trpc.js';

/** Webhooks told about run outcomes; admins only (see the access table). */
export const webhooksRouter = router({
  list: procedure
    .meta(restRoute('GET', '/webhooks'))
    .input(z.void())
    .output(z.array(webhookDto))
    .query(({ ctx }) => ctx.services.webhooks.list()),
  /** The answer's `secret` is the only time the signing key is shown. */
  create: procedure
    .meta(restRoute('POST', '/webhooks'))
    .input(createWebhookInput)
    .output(createWebhookOutput)
    .mutation(({ ctx, input }) => ctx.services.webhooks.create(input, originOf(ctx))),
  update: procedure
    .meta(restRoute('PATCH', '/webhooks/{id}'))
    .input(updateWebhookInput)
    .output(webhookDto)
    .mutation(({ ctx, input }) => ctx.services.webhooks.update(input, originOf(ctx))),
  delete: procedure
    .meta(restRoute('DELETE', '/webhooks/{id}'))
    .input(byIdInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.webhooks.delete(input.id, originOf(ctx))),
  /** Sends a test payload once; answers with the recorded delivery. */
  test: procedure
    .meta(restRoute('POST', '/webhooks/{id}/test'))
    .input(byIdInput)
    .output(webhookDeliveryDto)
    .mutation(({ ctx, input }) => ctx.services.webhooks.test(input.id, originOf(ctx))),
  /** A webhook's deliveries, newest first. */
  deliveries: procedure
    .meta(restRoute('GET', '/webhooks/{webhookId}/deliveries'))
    .input(listDeliveriesInput)
    .output(deliveryPageOutput)
    .query(({ ctx, input }) => ctx.services.webhooks.deliveries(input.webhookId, input.limit, input.cursor ?? 0)),
});
