import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { WebhookDeliveryEvent, WebhookDeliveryStatus } from '../webhook-events.js';
import { Webhook } from './webhook.js';

/** One notification sent (or being sent) to a webhook, with what its last attempt got back. */
export class WebhookDelivery {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'status' | 'attempts' | 'createdAt' | 'responseCode' | 'lastError' | 'finishedAt';
  id: string = randomUUID();
  webhook!: Webhook;
  event!: WebhookDeliveryEvent;
  /** The run it reports; `null` for a test. A plain id, not a reference: deliveries outlive deleted runs. */
  runId: string | null = null;
  status: WebhookDeliveryStatus = 'pending';
  attempts = 0;
  /** The HTTP status of the last attempt; `null` when no answer came (refused, timed out). */
  responseCode: number | null = null;
  /** Why the last attempt failed, in words; `null` once delivered. */
  lastError: string | null = null;
  createdAt: Date = new Date();
  finishedAt: Date | null = null;
}

export const WebhookDeliverySchema = new EntitySchema<WebhookDelivery>({
  class: WebhookDelivery,
  tableName: 'pc_webhook_deliveries',
  indexes: [{ name: 'pc_webhook_deliveries_webhook_idx', properties: ['webhook', 'createdAt'] }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    webhook: { kind: 'm:1', entity: () => Webhook, fieldName: 'webhook_id' },
    event: { type: 'string', length: 16 },
    runId: { type: 'string', length: 36, nullable: true },
    status: { type: 'string', length: 16 },
    attempts: { type: 'integer' },
    responseCode: { type: 'integer', nullable: true },
    lastError: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    finishedAt: { type: 'datetime', length: 3, nullable: true },
  },
});
