import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from '@pipecraft/store/terms';
import { idSchema, nameSchema } from './common.js';

export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

/** An http(s) URL without credentials in it (they would be stored and shown in clear). */
const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters.')
  .url('Enter a URL like https://hooks.example.com/pipecraft.')
  .refine((url) => /^https?:\/\//i.test(url), 'The URL must start with http:// or https://.')
  .refine((url) => {
    // Refinements run after a failed `.url()` too: an unparsable URL is that check's to report.
    if (!URL.canParse(url)) return true;
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  }, 'Put no user or password in the URL; the endpoint checks the signature instead.');

const eventsSchema = z
  .array(webhookEventSchema)
  .min(1, 'Pick at least one event.')
  .max(WEBHOOK_EVENTS.length)
  .refine((events) => new Set(events).size === events.length, 'Each event once.');

export const createWebhookInput = z.object({
  name: nameSchema,
  url: webhookUrlSchema,
  events: eventsSchema,
  enabled: z.boolean().default(true),
});

export const updateWebhookInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  url: webhookUrlSchema.optional(),
  events: eventsSchema.optional(),
  enabled: z.boolean().optional(),
});

export const webhookDeliveryDto = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.enum([...WEBHOOK_EVENTS, 'test']),
  runId: z.string().nullable(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number(),
  responseCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

/** A webhook as the API shows it: never its secret. */
export const webhookDto = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  events: z.array(webhookEventSchema),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastDelivery: webhookDeliveryDto.nullable(),
});

/** `secret` is the only time the signing key is shown. */
export const createWebhookOutput = z.object({ secret: z.string(), webhook: webhookDto });

export const listDeliveriesInput = z.object({
  webhookId: idSchema,
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.number().int().min(0).max(1_000_000_000).nullish(),
});

export const deliveryPageOutput = z.object({
  items: z.array(webhookDeliveryDto),
  nextCursor: z.number().nullable(),
  total: z.number(),
});

export type WebhookDto = z.infer<typeof webhookDto>;
export type WebhookDeliveryDto = z.infer<typeof webhookDeliveryDto>;
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;
export type CreateWebhookOutput = z.infer<typeof createWebhookOutput>;
export type DeliveryPage = z.infer<typeof deliveryPageOutput>;
