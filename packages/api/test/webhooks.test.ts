import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchema, dropTable, uniqueName } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, waitFor, type Harness } from './support/harness.js';

/** The webhooks router against a local HTTP receiver, with a real failed run triggering a delivery. */
let h: Harness;
let server: Server;
let url: string;
const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
let answers: number[] = [200];
const tables: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answers.length > 1 ? answers.shift()! : answers[0]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => server?.close(resolve));
  for (const table of tables) await dropTable('postgres', defaultSchema('postgres'), table);
});

describe('webhooks', () => {
  it('shows the secret once, never again (list, update, audit log)', async () => {
    const { secret, webhook } = await h.caller.webhooks.create({ name: 'ops', url, events: ['failure'] });
    expect(secret).toMatch(/^pcw_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({ name: 'ops', url, events: ['failure'], enabled: true, lastDelivery: null });
    const updated = await h.caller.webhooks.update({ id: webhook.id, events: ['failure', 'recovery'] });
    expect(updated.events).toEqual(['failure', 'recovery']);
    const everything = JSON.stringify([
      await h.caller.webhooks.list(),
      updated,
      await h.caller.audit.list({ limit: 100 }),
    ]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(4, 20));
    await h.caller.webhooks.delete({ id: webhook.id });
  });

  it('refuses a URL that is not http(s) or carries credentials, and an empty event list, with field errors', async () => {
    for (const [input, field] of [
      [{ name: 'x', url: 'ftp://example.com/x', events: ['failure'] }, 'url'],
      [{ name: 'x', url: 'https://user:pw@example.com/x', events: ['failure'] }, 'url'],
      [{ name: 'x', url: 'not a url', events: ['failure'] }, 'url'],
      [{ name: 'x', url, events: [] }, 'events'],
    ] as const) {
      const error = await expectFailure(h.caller.webhooks.create(input as never), { appCode: 'VALIDATION_FAILED' });
      expect(Object.keys(fieldErrorsOf(error) ?? {})).toContain(field);
    }
    await expectFailure(h.caller.webhooks.test({ id: '00000000-0000-4000-8000-000000000000' }), {
      code: 'NOT_FOUND',
    });
  });

  it('sends a test and lists the delivery', async () => {
    const { webhook } = await h.caller.webhooks.create({ name: 'test-me', url, events: ['failure'] });
    answers = [200];
    const delivery = await h.caller.webhooks.test({ id: webhook.id });
    expect(delivery).toMatchObject({ event: 'test', status: 'delivered', attempts: 1, responseCode: 200 });
    const page = await h.caller.webhooks.deliveries({ webhookId: webhook.id });
    expect(page.items.map((d) => d.id)).toEqual([delivery.id]);
    expect((await h.caller.webhooks.list()).find((w) => w.id === webhook.id)?.lastDelivery?.id).toBe(delivery.id);
    await h.caller.webhooks.delete({ id: webhook.id });
    await expectFailure(h.caller.webhooks.deliveries({ webhookId: webhook.id }), { code: 'NOT_FOUND' });
  });

  it('a failed run is delivered, signed, after a 500 is retried', async () => {
    const { secret, webhook } = await h.caller.webhooks.create({ name: 'on-failure', url, events: ['failure'] });
    const connectionId = (await h.caller.connections.create(connectionInput('postgres', uniqueName('pg')))).id;
    const table = uniqueName();
    tables.push(table, `${table}_copy`);
    await createSampleTable('postgres', table, 2);
    const sync = await h.caller.syncs.create({
      name: uniqueName('hooked'),
      sourceConnectionId: connectionId,
      sourceSchema: defaultSchema('postgres'),
      sourceTable: table,
      destinationConnectionId: connectionId,
      destinationSchema: defaultSchema('postgres'),
      destinationTable: `${table}_copy`,
    });
    await dropTable('postgres', defaultSchema('postgres'), table);
    received.length = 0;
    answers = [500, 200];
    const { runId } = await h.caller.runs.start({ syncId: sync.id });
    const delivery = await waitFor(async () => {
      const [last] = (await h.caller.webhooks.deliveries({ webhookId: webhook.id })).items;
      return last?.status === 'delivered' ? last : null;
    }, 10_000);
    expect(delivery).toMatchObject({ event: 'failure', runId, attempts: 2, responseCode: 200 });
    expect(received).toHaveLength(2);
    const { headers, body } = received[1]!;
    const mac = createHmac('sha256', secret).update(`${String(headers['x-pipecraft-timestamp'])}.${body}`);
    expect(headers['x-pipecraft-signature']).toBe(`sha256=${mac.digest('hex')}`);
    expect(JSON.parse(body)).toMatchObject({
      event: 'failure',
      run: { id: runId, error: { code: 'TABLE_NOT_FOUND' } },
    });
  });
});
