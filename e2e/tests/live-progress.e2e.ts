import { expect, test } from '@playwright/test';
import { dropScratch, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { pgAddress } from './support/databases.js';
import { createConnectionThroughForm, saveScreenshot } from './support/ui.js';

const schema = uniqueName();
// Big enough that a run lasts a few seconds here, so the page must show it while it runs.
const rows = 500_000;
const connectionName = `${schema} local`;
const syncName = `${schema} events copy`;

test.beforeAll(async () => {
  await pgAdmin(async (c) => {
    await c.query(`CREATE SCHEMA "${schema}"`);
    await c.query(
      `CREATE TABLE "${schema}"."events" (id bigint PRIMARY KEY, kind text NOT NULL, payload jsonb, at timestamptz NOT NULL DEFAULT now())`,
    );
    await c.query(
      `INSERT INTO "${schema}"."events" (id, kind, payload)
       SELECT g, 'kind ' || (g % 7), jsonb_build_object('n', g) FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
  });
});

test.afterAll(async () => {
  await dropScratch('postgres', schema);
});

test('a long run shows its progress live, then its row count and duration', async ({ page }) => {
  test.setTimeout(120_000);
  await createConnectionThroughForm(page, { ...pgAddress, name: connectionName, type: 'PostgreSQL' });

  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await page.getByLabel('Source connection').selectOption({ label: `${connectionName} (PostgreSQL)` });
  await page.getByLabel('Source schema').selectOption(schema);
  await page.getByLabel('Source table').selectOption('events');
  await page.getByLabel('Destination connection').selectOption({ label: `${connectionName} (PostgreSQL)` });
  await page.getByLabel('Destination schema').selectOption(schema);
  await page.getByLabel('Destination table', { exact: true }).fill('events_copy');
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('will be created');
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();

  const run = page.getByRole('button', { name: `Run ${syncName}` });
  await run.click();
  const latest = page.getByRole('region', { name: 'Latest run' });
  // Nothing reloads the page: the badge changes because the page polls while the run is active.
  await expect(latest.getByText('Running')).toBeVisible();
  // A non-zero count while running: only a progress write that reached the store shows one
  // ("0 rows copied" is what the page shows before the first write).
  await expect(latest).toContainText(/\b[1-9][\d,]* rows copied/);
  await expect(run).toBeDisabled();
  await saveScreenshot(page, 'sync-running');

  await expect(latest.getByText('Success')).toBeVisible({ timeout: 90_000 });
  await expect(latest).toContainText(`${rows.toLocaleString('en-US')} rows in`);
  await expect(run).toBeEnabled();
  const copied = await pgAdmin(
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM "${schema}"."events_copy"`)).rows[0].n as number,
  );
  expect(copied).toBe(rows);
});
