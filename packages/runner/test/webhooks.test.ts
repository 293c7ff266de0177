import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, Sync, SyncRun, Webhook, WebhookDelivery, type Store } from '@pipecraft/store';
import { WebhookDispatcher } from '../src/index.js';

/** Webhook deliveries against a real local HTTP receiver, on a real (SQLite) store. */

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP endpoint that answers each POST with the next status of `answers` (the last one repeats). */
class Receiver {
  readonly received: Received[] = [];
  answers: number[] = [200];
  #server!: Server;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

const SECRET = 'whsec-test-secret';
let dataDir: string;
let store: Store;
let receiver: Receiver;
let dispatcher: WebhookDispatcher;
let syncId: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-webhook-test-'));
  store = await openStore({ dataDir });
  receiver = new Receiver();
  await receiver.start();
  dispatcher = new WebhookDispatcher({
    store,
    logger: createLogger({ write: () => undefined }),
    retry: { attempts: 3, firstDelayMs: 10, maxDelayMs: 20 },
    timeoutMs: 2_000,
  });
  const em = store.em();
  const endpoint = { host: '127.0.0.1', database: 'test', isSource: true, isDestination: true };
  const source = em.create(Connection, { ...endpoint, name: 'a', dialect: 'postgres', port: 5432, username: 'u' });
  const destination = em.create(Connection, { ...endpoint, name: 'b', dialect: 'mysql', port: 3306, username: 'u' });
  const sync = em.create(Sync, {
    name: 'orders',
    sourceConnection: source,
    sourceSchema: 'public',
    sourceTable: 'orders',
    destinationConnection: destination,
    destinationSchema: 'test',
    destinationTable: 'orders',
  });
  await em.flush();
  syncId = sync.id;
});

afterEach(async () => {
  await dispatcher.shutdown();
  await receiver.stop();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function addWebhook(events: string, url = receiver.url): Promise<string> {
  const em = store.em();
  const webhook = em.create(Webhook, { name: events, url, events, secretSealed: store.secrets.encrypt(SECRET) });
  await em.flush();
  return webhook.id;
}

let clock = Date.now();
/** A finished run of the sync, as the runner records it; then the dispatcher is told. */
async function finishRun(status: 'success' | 'failed'): Promise<string> {
  const em = store.em();
  const run = em.create(SyncRun, {
    sync: syncId,
    status,
    rowsCopied: status === 'success' ? 10 : 0,
    createdAt: new Date((clock += 1_000)),
    errorCode: status === 'failed' ? 'TABLE_NOT_FOUND' : null,
    errorMessage: status === 'failed' ? 'gone' : null,
  });
  await em.flush();
  dispatcher.runFinished({ runId: run.id, syncId, status, durationMs: 5, rowsCopied: run.rowsCopied, errorCode: null });
  await dispatcher.drain();
  return run.id;
}

/** Resolves once the webhook has a delivery row (its first attempt is then under way). */
async function waitForDelivery(webhookId: string): Promise<void> {
  for (let i = 0; i < 200 && (await deliveriesOf(webhookId)).length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

const deliveriesOf = (webhookId: string) =>
  store.em().find(WebhookDelivery, { webhook: webhookId }, { orderBy: { createdAt: 'asc' } });

describe('webhook deliveries', () => {
  it('signs the payload (HMAC-SHA256 over timestamp and body), retries a 500, and records the delivery', async () => {
    const webhookId = await addWebhook('failure');
    receiver.answers = [500, 200];
    const runId = await finishRun('failed');

    expect(receiver.received).toHaveLength(2);
    for (const { headers, body } of receiver.received) {
      const timestamp = String(headers['x-pipecraft-timestamp']);
      const expected = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
      expect(headers['x-pipecraft-signature']).toBe(`sha256=${expected}`);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      expect(headers['x-pipecraft-event']).toBe('failure');
    }
    const payload = JSON.parse(receiver.received[1]!.body) as { deliveryId: string };
    expect(payload).toMatchObject({
      event: 'failure',
      run: { id: runId, syncName: 'orders', status: 'failed', rowsWritten: 0, error: { code: 'TABLE_NOT_FOUND' } },
    });
    expect(JSON.stringify(payload)).not.toContain(SECRET);

    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({
      event: 'failure',
      runId,
      status: 'delivered',
      attempts: 2,
      responseCode: 200,
      lastError: null,
    });
    expect(payload.deliveryId).toBe(delivery!.id);
  });

  it('a signature made with another secret does not verify (the check can fail)', async () => {
    await addWebhook('failure');
    await finishRun('failed');
    const { headers, body } = receiver.received[0]!;
    const forged = createHmac('sha256', 'another').update(`${String(headers['x-pipecraft-timestamp'])}.${body}`);
    expect(headers['x-pipecraft-signature']).not.toBe(`sha256=${forged.digest('hex')}`);
  });

  it('gives up after the last attempt, and does not retry a 4xx answer', async () => {
    const failing = await addWebhook('failure');
    receiver.answers = [503];
    await finishRun('failed');
    expect(await deliveriesOf(failing)).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 3,
        responseCode: 503,
        lastError: expect.stringMatching(/503/),
      }),
    ]);

    receiver.received.length = 0;
    receiver.answers = [410];
    await finishRun('failed');
    expect(receiver.received).toHaveLength(1);
    expect((await deliveriesOf(failing)).at(-1)).toMatchObject({ status: 'failed', attempts: 1, responseCode: 410 });
  });

  it('records an unreachable endpoint with the reason', async () => {
    const closed = new Receiver();
    await closed.start();
    await closed.stop();
    const webhookId = await addWebhook('failure', closed.url);
    await finishRun('failed');
    expect(await deliveriesOf(webhookId)).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 3,
        responseCode: null,
        lastError: expect.stringMatching(/ECONNREFUSED/),
      }),
    ]);
  });

  it('on shutdown, an attempt that hangs gets a short grace, then is recorded failed', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const webhookId = await addWebhook('failure', `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`);
      const em = store.em();
      const run = em.create(SyncRun, { sync: syncId, status: 'failed', rowsCopied: 0, errorCode: 'X' });
      await em.flush();
      dispatcher.runFinished({ runId: run.id, syncId, status: 'failed', durationMs: 1, rowsCopied: 0, errorCode: 'X' });
      await waitForDelivery(webhookId);
      const started = Date.now();
      await dispatcher.shutdown(50);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(await deliveriesOf(webhookId)).toEqual([
        expect.objectContaining({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/stopped/) }),
      ]);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('sends each webhook only the events it asked for: failure, success, recovery after a failure', async () => {
    const onFailure = await addWebhook('failure');
    const onSuccess = await addWebhook('success');
    const onRecovery = await addWebhook('recovery');
    await finishRun('success');
    await finishRun('failed');
    await finishRun('success'); // a recovery
    await finishRun('success'); // not a recovery
    const events = async (id: string) => (await deliveriesOf(id)).map((delivery) => delivery.event);
    expect(await events(onFailure)).toEqual(['failure']);
    expect(await events(onSuccess)).toEqual(['success', 'success', 'success']);
    expect(await events(onRecovery)).toEqual(['recovery']);
  });

  it('sends a test once and records it; a disabled webhook hears nothing of runs', async () => {
    const webhookId = await addWebhook('failure,success');
    receiver.answers = [500];
    const { deliveryId } = await dispatcher.sendTest(webhookId);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ event: 'test', run: null, deliveryId });
    expect(await deliveriesOf(webhookId)).toEqual([
      expect.objectContaining({ id: deliveryId, event: 'test', status: 'failed', attempts: 1, responseCode: 500 }),
    ]);
    await expect(dispatcher.sendTest('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    await store.em().nativeUpdate(Webhook, { id: webhookId }, { enabled: false });
    await finishRun('failed');
    expect(receiver.received).toHaveLength(1);
  });
});
