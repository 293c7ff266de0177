import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { dropScratch, pgAdmin, TEST_SERVERS, uniqueName } from '@pipecraft/test-support';
import { trpcMutation } from './support/auth.js';
import { createPgSourceTable } from './support/databases.js';
import { saveScreenshot } from './support/ui.js';

/** Run records and history (issue 12 part B): a run's page, the history filtered to failures, a webhook's test. */
const schema = uniqueName();
// Named to sort before the failing one by name, and after it by last run.
const goodSync = `${schema} all items copy`;
const badSync = `${schema} doomed copy`;
const rows = 50;

async function created(request: APIRequestContext, procedure: string, input: unknown): Promise<{ id: string }> {
  const answer = await trpcMutation(request, procedure, input);
  expect(answer.status, JSON.stringify(answer)).toBe(200);
  return answer.data as { id: string };
}

async function runToEnd(request: APIRequestContext, syncId: string): Promise<string> {
  const { runId } = (await trpcMutation(request, 'runs.start', { syncId })).data as { runId: string };
  await expect
    .poll(async () => {
      const res = await request.get(
        `/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ json: { id: runId } }))}`,
      );
      return ((await res.json()) as { result: { data: { json: { status: string } } } }).result.data.json.status;
    })
    .toMatch(/^(success|failed)$/);
  return runId;
}

test.beforeAll(async ({ request }) => {
  await createPgSourceTable(schema, 'items', rows);
  await pgAdmin((c) => c.query(`CREATE TABLE "${schema}"."doomed" (id integer PRIMARY KEY)`));
  const pg = TEST_SERVERS.postgres;
  const connection = await created(request, 'connections.create', {
    name: `${schema} pg`,
    dialect: 'postgres',
    host: pg.host,
    port: pg.port,
    database: pg.database,
    username: pg.user,
    ...(pg.password ? { password: pg.password } : {}),
    isSource: true,
    isDestination: true,
  });
  const endpoints = (table: string) => ({
    sourceConnectionId: connection.id,
    sourceSchema: schema,
    sourceTable: table,
    destinationConnectionId: connection.id,
    destinationSchema: schema,
    destinationTable: `${table}_copy`,
  });
  const good = await created(request, 'syncs.create', { name: goodSync, ...endpoints('items') });
  const bad = await created(request, 'syncs.create', { name: badSync, ...endpoints('doomed') });
  await runToEnd(request, good.id);
  await pgAdmin((c) => c.query(`DROP TABLE "${schema}"."doomed"`));
  await runToEnd(request, bad.id);
});

test.afterAll(async () => {
  await dropScratch('postgres', schema);
});

test("a run's page shows its steps, rows, times with their zone and the configuration it ran with", async ({
  page,
}) => {
  await page.goto('/runs');
  await page.getByRole('link', { name: goodSync, exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(goodSync);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Success');
  const outcome = page.getByRole('region', { name: 'Outcome' });
  await expect(outcome).toContainText(`Rows written${rows}`);
  // To the second, with the zone the page shows it in (the suite's browser runs in Pacific/Chatham).
  await expect(outcome).toContainText(/\d{2}:\d{2}:\d{2} GMT\+1[23]:45/);
  const steps = page.getByRole('region', { name: 'Steps' });
  for (const step of ['Connect', 'Plan', 'Wait for the table lock', 'Copy rows', 'Verify the count', 'Swap / commit'])
    await expect(steps.getByRole('cell', { name: step, exact: true })).toBeVisible();
  const config = page.getByRole('region', { name: 'Configuration at the start' });
  await expect(config).toContainText(`${schema}.items`);
  await expect(config).toContainText(`${schema}.items_copy`);
  await saveScreenshot(page, 'run-detail');
});

test('the history filters to failed runs, and a failed run says nothing was written and what to do', async ({
  page,
}) => {
  await page.goto('/runs');
  await expect(page.getByRole('link', { name: goodSync, exact: true })).toBeVisible();
  await page.getByLabel('Status').selectOption('failed');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/status=failed/);
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('link', { name: badSync, exact: true })).toBeVisible();
  await expect(runs.getByRole('link', { name: goodSync, exact: true })).toHaveCount(0);
  const statuses = await runs
    .locator('[data-status]')
    .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-status')));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['failed']));
  await saveScreenshot(page, 'run-history-failed');

  await runs.getByRole('link', { name: badSync, exact: true }).click();
  await expect(page.getByRole('region', { name: 'Outcome' })).toContainText('0 rows written');
  const error = page.getByRole('region', { name: 'Error' });
  await expect(error).toContainText('TABLE_NOT_FOUND');
  await expect(error).toContainText('What to do:');
});

test('the sync list searches by name or table and sorts', async ({ page }) => {
  await page.goto('/syncs');
  const table = page.getByRole('table');
  await page.getByLabel('Search').fill(`${schema}.doomed`);
  await expect(table.getByRole('link', { name: badSync, exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: goodSync, exact: true })).toHaveCount(0);
  await page.getByLabel('Search').fill(schema);
  const names = table.getByRole('link', { name: new RegExp(`^${schema} `) });
  // By name at first; the "Last run" header sorts oldest first, then (again) newest first.
  await expect(names).toHaveText([goodSync, badSync]);
  const lastRun = table.getByRole('button', { name: /Last run/ });
  await lastRun.click();
  await expect(names).toHaveText([goodSync, badSync]);
  await lastRun.click();
  await expect(names).toHaveText([badSync, goodSync]);
  await page.getByLabel('Search').fill(`${schema} nothing like this`);
  await expect(page.getByText('No sync matches')).toBeVisible();
});

test.describe('webhooks', () => {
  let receiver: Server;
  let url = '';
  const received: Array<{ signature: string; timestamp: string; body: string }> = [];

  test.beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          signature: String(req.headers['x-pipecraft-signature']),
          timestamp: String(req.headers['x-pipecraft-timestamp']),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pipecraft`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  test('an admin creates a webhook, sees its secret once, and sends a signed test', async ({ page }) => {
    const name = `${schema} pager`;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    const form = page.getByRole('form', { name: 'New webhook' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Recovery').check();
    await form.getByRole('button', { name: 'Create webhook' }).click();
    const secret = (await page.getByLabel('Signing secret').textContent()) ?? '';
    expect(secret).toMatch(/^pcw_/);

    const card = page.getByRole('region', { name });
    await expect(card).toContainText('On failure, recovery');
    await card.getByRole('button', { name: 'Send test' }).click();
    await expect(card.getByRole('status')).toHaveText('Test delivered (HTTP 204)');
    const deliveries = card.getByRole('table', { name: 'Deliveries' });
    await expect(deliveries.getByRole('cell', { name: 'delivered' })).toBeVisible();
    await saveScreenshot(page, 'webhooks');

    expect(received).toHaveLength(1);
    const [delivery] = received;
    const mac = createHmac('sha256', secret).update(`${delivery!.timestamp}.${delivery!.body}`).digest('hex');
    expect(delivery!.signature).toBe(`sha256=${mac}`);
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'test', run: null });

    // Shown once: a reload lists the webhook without its secret.
    await page.reload();
    await expect(page.getByRole('region', { name })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete webhook' }).click();
    await expect(page.getByRole('region', { name })).toHaveCount(0);
  });
});
