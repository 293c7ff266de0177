import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { WebhookEvent } from '../webhook-events.js';

/**
 * An HTTP endpoint told about run outcomes. Its signing secret is sealed with the store's key ring
 * like a connection password, and leaves the store only once, in the answer that created it.
 */
export class Webhook {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'enabled' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  url!: string;
  /** Comma-separated `WebhookEvent`s (text, so the three store dialects treat it alike). */
  events!: string;
  /** The HMAC-SHA256 key, sealed (`SecretBox.encrypt`). */
  secretSealed!: string;
  enabled = true;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** The events a webhook's `events` column lists. */
export function webhookEventsOf(webhook: Pick<Webhook, 'events'>): WebhookEvent[] {
  return webhook.events.split(',').filter(Boolean) as WebhookEvent[];
}

export const WebhookSchema = new EntitySchema<Webhook>({
  class: Webhook,
  tableName: 'pc_webhooks',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 200 },
    url: { type: 'string', length: 2000 },
    events: { type: 'string', length: 64 },
    secretSealed: { type: 'text' },
    enabled: { type: 'boolean' },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3 },
  },
});
