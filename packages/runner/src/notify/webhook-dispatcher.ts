import type { Logger } from '@pipecraft/logger';
import {
  SyncRun,
  Webhook,
  WebhookDelivery,
  webhookEventsOf,
  type Store,
  type WebhookDeliveryEvent,
  type WebhookEvent,
} from '@pipecraft/store';
import { errorText } from '../error-text.js';
import { RunnerError } from '../runner-error.js';
import type { FinishedRun, RunNotifier } from './run-notifier.js';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhook-signature.js';
import type { WebhookPort } from './webhook-port.js';

/** How a delivery is retried: `attempts` in all, waiting `firstDelayMs`, doubling up to `maxDelayMs`. */
export interface WebhookRetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** 6 attempts over about 1.5 minutes: rides out a receiver's restart, gives up before the next run. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { attempts: 6, firstDelayMs: 3_000, maxDelayMs: 30_000 };

export interface WebhookDispatcherOptions {
  store: Store;
  logger: Logger;
  retry?: Partial<WebhookRetryPolicy>;
  /** One attempt's limit, in ms. Default 10 000. */
  timeoutMs?: number;
}

interface Target {
  deliveryId: string;
  url: string;
  secret: string;
  event: WebhookDeliveryEvent;
}

/**
 * Tells webhooks about run outcomes: a JSON payload signed with HMAC-SHA256 (`webhook-signature.ts`),
 * retried with backoff on a network error, a timeout, 408, 429 or 5xx (other answers are final),
 * every attempt recorded on the delivery. Deliveries run in the background; `shutdown()` stops
 * waiting between attempts and records what was left as failed.
 */
export class WebhookDispatcher implements RunNotifier, WebhookPort {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #retry: WebhookRetryPolicy;
  readonly #timeoutMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  /** Aborts attempts still under way once `shutdown()`'s grace is over. */
  readonly #stopped = new AbortController();

  constructor(options: WebhookDispatcherOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#retry = { ...DEFAULT_WEBHOOK_RETRY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  runFinished(run: FinishedRun): void {
    if (this.#stopping.signal.aborted) return;
    this.#track(
      this.#dispatch(run).catch((error: unknown) =>
        this.#logger.warn('Could not send the webhooks for a run', { runId: run.runId, error }),
      ),
    );
  }

  async sendTest(webhookId: string): Promise<{ deliveryId: string }> {
    const em = this.#store.em();
    const webhook = await em.findOne(Webhook, webhookId);
    if (!webhook) throw new RunnerError('NOT_FOUND', 'This webhook does not exist (it may have been deleted).');
    const [target] = await this.#createDeliveries([{ webhook, event: 'test' }], null);
    const body = {
      message: 'A test delivery from PipeCraft: this endpoint is set up to receive its notifications.',
      run: null,
    };
    await this.#deliver(target!, body, 1);
    return { deliveryId: target!.deliveryId };
  }

  /** Waits for every delivery under way (tests; the host's shutdown calls `shutdown()`). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Stops retrying: a delivery waiting for its next attempt is recorded failed now; attempts under
   * way (e.g. telling of runs the shutdown interrupted) get `graceMs` to finish, then are aborted.
   */
  async shutdown(graceMs = 3_000): Promise<void> {
    this.#stopping.abort();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    if (await Promise.race([this.drain().then(() => false), late])) this.#stopped.abort();
    clearTimeout(timer);
    await this.drain();
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #dispatch(finished: FinishedRun): Promise<void> {
    const em = this.#store.em();
    const webhooks = await em.find(Webhook, { enabled: true });
    if (webhooks.length === 0) return;
    const run = await em.findOne(SyncRun, finished.runId, { populate: ['sync'] });
    if (!run) return;
    const recovered = finished.status === 'success' && (await this.#previousFailed(run));
    const chosen = webhooks.flatMap((webhook) => {
      const wanted = webhookEventsOf(webhook);
      const event = eventFor(finished.status, recovered, wanted);
      return event ? [{ webhook, event }] : [];
    });
    if (chosen.length === 0) return;
    const targets = await this.#createDeliveries(chosen, run.id);
    const payload = { run: runPayload(run) };
    await Promise.all(targets.map((target) => this.#deliver(target, payload, this.#retry.attempts)));
  }

  /** Whether the sync's run before this one failed (this success is then a recovery). */
  async #previousFailed(run: SyncRun): Promise<boolean> {
    const previous = await this.#store
      .em()
      .findOne(
        SyncRun,
        { sync: run.sync.id, createdAt: { $lt: run.createdAt }, status: { $in: ['success', 'failed'] } },
        { orderBy: { createdAt: 'desc' } },
      );
    return previous?.status === 'failed';
  }

  async #createDeliveries(
    chosen: Array<{ webhook: Webhook; event: WebhookDeliveryEvent }>,
    runId: string | null,
  ): Promise<Target[]> {
    const em = this.#store.em();
    const targets: Target[] = [];
    for (const { webhook, event } of chosen) {
      const delivery = em.create(WebhookDelivery, { webhook: webhook.id, event, runId });
      let secret: string | null = null;
      try {
        secret = this.#store.secrets.decrypt(webhook.secretSealed);
      } catch (error) {
        // Recorded, not thrown: the page shows why this endpoint heard nothing.
        Object.assign(delivery, {
          status: 'failed',
          finishedAt: new Date(),
          lastError: `The webhook's secret cannot be decrypted with this server's key (${errorText(error)}); create the webhook again.`,
        });
      }
      if (secret !== null) targets.push({ deliveryId: delivery.id, url: webhook.url, secret, event });
    }
    await em.flush();
    return targets;
  }

  async #deliver(target: Target, payload: Record<string, unknown>, attempts: number): Promise<void> {
    const body = JSON.stringify({ event: target.event, deliveryId: target.deliveryId, sentAt: new Date(), ...payload });
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#attempt(target, body);
      const final = answer.ok || !answer.retryable || attempt >= attempts || this.#stopping.signal.aborted;
      await this.#record(target.deliveryId, {
        attempts: attempt,
        responseCode: answer.status,
        lastError: answer.ok ? null : answer.error,
        ...(final ? { status: answer.ok ? 'delivered' : 'failed', finishedAt: new Date() } : {}),
      });
      if (final) {
        if (!answer.ok)
          this.#logger.warn('A webhook delivery failed', { deliveryId: target.deliveryId, error: answer.error });
        return;
      }
      const delay = Math.min(this.#retry.maxDelayMs, this.#retry.firstDelayMs * 2 ** (attempt - 1));
      if (!(await pause(delay, this.#stopping.signal))) {
        await this.#record(target.deliveryId, {
          status: 'failed',
          finishedAt: new Date(),
          lastError: `${answer.error} (PipeCraft stopped before the next attempt)`,
        });
        return;
      }
    }
  }

  async #attempt(
    target: Target,
    body: string,
  ): Promise<{ ok: boolean; status: number | null; retryable: boolean; error: string }> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'PipeCraft-Webhook',
          'X-PipeCraft-Event': target.event,
          'X-PipeCraft-Delivery': target.deliveryId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookBody(target.secret, timestamp, body),
        },
        body,
        // A redirect would resend the signed body somewhere the admin did not name.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.#timeoutMs), this.#stopped.signal]),
      });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      return {
        ok,
        status: response.status,
        retryable,
        error: ok ? '' : `The endpoint answered HTTP ${response.status}.`,
      };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return {
        ok: false,
        status: null,
        retryable: true,
        error: this.#stopped.signal.aborted
          ? 'PipeCraft stopped during the attempt.'
          : timedOut
            ? `No answer within ${this.#timeoutMs / 1000} s.`
            : // fetch says only "fetch failed"; the cause has the reason (ECONNREFUSED, a bad certificate…).
              `Could not reach the endpoint: ${errorText((error as { cause?: unknown }).cause ?? error)}.`,
      };
    }
  }

  async #record(deliveryId: string, fields: Partial<WebhookDelivery>): Promise<void> {
    await this.#store
      .em()
      .nativeUpdate(WebhookDelivery, { id: deliveryId }, fields)
      .catch((error: unknown) => this.#logger.warn('Could not record a webhook delivery', { deliveryId, error }));
  }
}

/** The one event a webhook hears about a run: `recovery` beats `success` for those who asked for it. */
function eventFor(status: 'success' | 'failed', recovered: boolean, wanted: WebhookEvent[]): WebhookEvent | null {
  if (status === 'failed') return wanted.includes('failure') ? 'failure' : null;
  if (recovered && wanted.includes('recovery')) return 'recovery';
  return wanted.includes('success') ? 'success' : null;
}

/** The run as a webhook sees it: outcome, counts, times, the configuration it ran with. No secret. */
function runPayload(run: SyncRun) {
  let config: unknown = null;
  try {
    config = run.configJson === null ? null : JSON.parse(run.configJson);
  } catch {
    // a damaged snapshot is left out
  }
  return {
    id: run.id,
    syncId: run.sync.id,
    syncName: run.sync.name,
    status: run.status,
    rowsWritten: run.rowsCopied,
    rowsRead: run.rowsRead,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    error: run.errorCode === null ? null : { code: run.errorCode, message: run.errorMessage ?? '' },
    config,
  };
}

/** Waits `ms`; `false` when `signal` aborted first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
