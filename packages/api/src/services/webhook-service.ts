import type { WebhookPort } from '@pipecraft/runner';
import { Webhook, WebhookDelivery, webhookEventsOf, type Store } from '@pipecraft/store';
import type { AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { newSecret } from '../auth/secret-token.js';
import { AppError } from '../errors.js';
import type {
  CreateWebhookInput,
  CreateWebhookOutput,
  DeliveryPage,
  UpdateWebhookInput,
  WebhookDeliveryDto,
  WebhookDto,
} from '../schemas/webhook.js';
import type { AuditService } from './audit-service.js';

const NOT_FOUND = 'This webhook does not exist (it may have been deleted).';

/**
 * Webhooks (admins only): their endpoints and events, the deliveries made, and the test button.
 * The signing secret is generated here, sealed with the store's key ring, and shown once.
 */
export class WebhookService {
  readonly #store: Store;
  readonly #audit: AuditService;
  readonly #port: WebhookPort | null;

  constructor(deps: { store: Store; audit: AuditService; webhooks: WebhookPort | null }) {
    this.#store = deps.store;
    this.#audit = deps.audit;
    this.#port = deps.webhooks;
  }

  async list(): Promise<WebhookDto[]> {
    const em = this.#store.em();
    const webhooks = await em.find(Webhook, {}, { orderBy: { name: 'asc', id: 'asc' } });
    return Promise.all(webhooks.map(async (webhook) => toWebhookDto(webhook, await this.#lastDelivery(webhook.id))));
  }

  async create(input: CreateWebhookInput, origin: AuditOrigin): Promise<CreateWebhookOutput> {
    const em = this.#store.em();
    const secret = newSecret('pcw');
    const webhook = em.create(Webhook, {
      name: input.name,
      url: input.url,
      events: input.events.join(','),
      enabled: input.enabled,
      secretSealed: this.#store.secrets.encrypt(secret),
    });
    this.#audit.record(em, origin, {
      action: 'webhook.create',
      target: { type: 'webhook', id: webhook.id },
      changes: diffOf(null, auditedFields(webhook)),
    });
    await em.flush();
    return { secret, webhook: toWebhookDto(webhook, null) };
  }

  async update(input: UpdateWebhookInput, origin: AuditOrigin): Promise<WebhookDto> {
    const em = this.#store.em();
    const webhook = await em.findOne(Webhook, input.id);
    if (!webhook) throw new AppError('NOT_FOUND', NOT_FOUND);
    const before = auditedFields(webhook);
    if (input.name !== undefined) webhook.name = input.name;
    if (input.url !== undefined) webhook.url = input.url;
    if (input.events !== undefined) webhook.events = input.events.join(',');
    if (input.enabled !== undefined) webhook.enabled = input.enabled;
    webhook.updatedAt = new Date();
    this.#audit.record(em, origin, {
      action: 'webhook.update',
      target: { type: 'webhook', id: webhook.id },
      changes: diffOf(before, auditedFields(webhook)),
    });
    await em.flush();
    return toWebhookDto(webhook, await this.#lastDelivery(webhook.id));
  }

  /** Deletes the webhook and its delivery records. */
  async delete(id: string, origin: AuditOrigin): Promise<{ id: string }> {
    const em = this.#store.em();
    const webhook = await em.findOne(Webhook, id);
    if (!webhook) throw new AppError('NOT_FOUND', NOT_FOUND);
    await em.transactional(async (tx) => {
      await tx.nativeDelete(WebhookDelivery, { webhook: id });
      await tx.nativeDelete(Webhook, { id });
      this.#audit.record(tx, origin, {
        action: 'webhook.delete',
        target: { type: 'webhook', id },
        changes: diffOf(auditedFields(webhook), null),
      });
    });
    return { id };
  }

  /** Sends a test payload once and answers with the recorded delivery (delivered or failed). */
  async test(id: string, origin: AuditOrigin): Promise<WebhookDeliveryDto> {
    if (!this.#port) throw new AppError('INTERNAL', 'Webhook delivery is not set up on this server.');
    const { deliveryId } = await this.#port.sendTest(id);
    const em = this.#store.em();
    this.#audit.record(em, origin, { action: 'webhook.test', target: { type: 'webhook', id } });
    await em.flush();
    return toDeliveryDto(await em.findOneOrFail(WebhookDelivery, deliveryId));
  }

  async deliveries(webhookId: string, limit: number, cursor: number): Promise<DeliveryPage> {
    const em = this.#store.em();
    if (!(await em.count(Webhook, { id: webhookId }))) throw new AppError('NOT_FOUND', NOT_FOUND);
    const [rows, total] = await em.findAndCount(
      WebhookDelivery,
      { webhook: webhookId },
      { orderBy: { createdAt: 'desc', id: 'asc' }, limit, offset: cursor },
    );
    const next = cursor + rows.length;
    return { items: rows.map(toDeliveryDto), nextCursor: next < total ? next : null, total };
  }

  async #lastDelivery(webhookId: string): Promise<WebhookDeliveryDto | null> {
    const last = await this.#store
      .em()
      .findOne(WebhookDelivery, { webhook: webhookId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    return last ? toDeliveryDto(last) : null;
  }
}

/** What the audit log keeps of a webhook: never its secret. */
function auditedFields(webhook: Webhook) {
  return { name: webhook.name, url: webhook.url, events: webhook.events, enabled: webhook.enabled };
}

function toWebhookDto(webhook: Webhook, lastDelivery: WebhookDeliveryDto | null): WebhookDto {
  return {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    events: webhookEventsOf(webhook),
    enabled: webhook.enabled,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
    lastDelivery,
  };
}

function toDeliveryDto(delivery: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: delivery.id,
    webhookId: delivery.webhook.id,
    event: delivery.event,
    runId: delivery.runId,
    status: delivery.status,
    attempts: delivery.attempts,
    responseCode: delivery.responseCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt,
    finishedAt: delivery.finishedAt,
  };
}
