import { expect, test } from '@playwright/test';
import { dropScratch, dropTable, myAdmin, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { createPgSourceTable, mysqlAddress, pgAddress } from './support/databases.js';
import { connectionRow, createConnectionThroughForm, saveScreenshot } from './support/ui.js';

test.describe.configure({ mode: 'serial' });

const run = uniqueName();
const schema = run; // PostgreSQL schema holding the source table
const sourceTable = 'orders';
const destinationTable = `${run}_orders`; // created by the first run in MariaDB's database
const rows = 1234;
const pgName = `${run} source`;
const mysqlName = `${run} warehouse`;
const syncName = `${run} orders to warehouse`;
const renamedSync = `${syncName} (nightly)`;

test.beforeAll(async () => {
  await createPgSourceTable(schema, sourceTable, rows);
});

test.afterAll(async () => {
  await dropScratch('postgres', schema);
  await dropTable('mysql', mysqlAddress.database, destinationTable);
});

test('creates the two connections', async ({ page }) => {
  await createConnectionThroughForm(page, { ...pgAddress, name: pgName, type: 'PostgreSQL' });
  await createConnectionThroughForm(page, { ...mysqlAddress, name: mysqlName, type: 'MySQL / MariaDB' });
});

test('creates a sync through the cascading dropdowns, with a preview of the DDL', async ({ page }) => {
  await page.goto('/syncs');
  await page.getByRole('link', { name: 'New sync' }).first().click();
  await expect(page).toHaveURL(/\/syncs\/new$/);

  // Saving too early says what is missing, beside each input, and keeps the user on the form.
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByLabel('Source connection')).toHaveAccessibleDescription('Choose a source connection.');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();

  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await page.getByLabel('Description', { exact: true }).fill('Orders for the finance dashboards');

  const sourceSchema = page.getByLabel('Source schema');
  await expect(sourceSchema).toBeDisabled();
  await page.getByLabel('Source connection').selectOption({ label: `${pgName} (PostgreSQL)` });
  // A message describes what is in the input now: fixed fields drop theirs, the others keep them.
  await expect(page.getByLabel('Source connection')).not.toHaveAccessibleDescription('Choose a source connection.');
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveAccessibleDescription(/required/i);
  await expect(page.getByLabel('Destination connection')).toHaveAccessibleDescription(
    'Choose a destination connection.',
  );
  await expect(sourceSchema).toBeEnabled();
  await sourceSchema.selectOption(schema);
  await page.getByLabel('Source table').selectOption(sourceTable);
  const columns = page.getByRole('list', { name: 'Source columns' });
  await expect(columns).toContainText('amount');
  await expect(columns).toContainText('numeric(12,2)');

  await page.getByLabel('Destination connection').selectOption({ label: `${mysqlName} (MySQL / MariaDB)` });
  await page.getByLabel('Destination schema').selectOption(mysqlAddress.database);
  const destination = page.getByLabel('Destination table', { exact: true });
  await expect(destination).toHaveValue(sourceTable); // suggested from the source
  await destination.fill(destinationTable);
  // The engine's write modes, the first chosen by default; their names come from the engine, not this test.
  await expect(page.getByRole('group', { name: 'Write mode' }).getByRole('radio').first()).toBeChecked();

  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('will be created', { timeout: 30_000 });
  await expect(preview.locator('pre')).toContainText(/CREATE TABLE/i);
  await expect(preview.locator('pre')).toContainText(destinationTable);
  await saveScreenshot(page, 'sync-new-preview');

  await page.getByRole('button', { name: 'Save sync' }).click();
  // The toast first: it leaves after a few seconds, and a loaded machine can take that long to render the page.
  await expect(page.getByRole('status').filter({ hasText: 'Sync saved' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
});

test('runs the sync: the badge goes live to success with the row count, and the rows arrive', async ({ page }) => {
  await page.goto('/syncs');
  const row = page.getByRole('row').filter({ hasText: syncName });
  await expect(row).toContainText('Never run');
  await row.getByRole('button', { name: `Run ${syncName}` }).click();
  await expect(row.getByText('Success').filter({ visible: true })).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText(`${rows.toLocaleString('en-US')} rows`);
  await saveScreenshot(page, 'syncs');

  const [count] = await myAdmin(async (c) => {
    const [result] = await c.query(
      `SELECT COUNT(*) AS n, SUM(amount) AS total FROM \`${mysqlAddress.database}\`.\`${destinationTable}\``,
    );
    return result as Array<{ n: string | number; total: string }>;
  });
  expect(Number(count?.n)).toBe(rows);
  const expectedTotal = await pgAdmin(
    async (c) =>
      (await c.query(`SELECT SUM(amount)::text AS total FROM "${schema}"."${sourceTable}"`)).rows[0].total as string,
  );
  expect(count?.total).toBe(expectedTotal);
});

test('a connection used by a sync cannot be deleted, and the UI says why', async ({ page }) => {
  await page.goto('/connections');
  await page.getByRole('button', { name: `Delete ${pgName}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/sync/i);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(connectionRow(page, pgName)).toBeVisible();
});

test('a run whose source table was dropped fails with its error text', async ({ page }) => {
  await pgAdmin((c) => c.query(`DROP TABLE "${schema}"."${sourceTable}"`));
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  const latest = page.getByRole('region', { name: 'Latest run' });
  await expect(latest.getByText('Failed')).toBeVisible({ timeout: 60_000 });
  await expect(latest).toContainText('TABLE_NOT_FOUND');
  await expect(latest).toContainText(sourceTable);
});

test('the history lists both runs, newest first', async ({ page }) => {
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  const history = page.getByRole('table', { name: 'Run history' });
  const runRows = history.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(runRows).toHaveCount(2);
  await expect(runRows.nth(0)).toContainText('Failed');
  await expect(runRows.nth(1)).toContainText('Success');
  await expect(runRows.nth(1)).toContainText(rows.toLocaleString('en-US'));
  await expect(page.getByText('1–2 of 2 runs')).toBeVisible();
  await saveScreenshot(page, 'sync-history');
});

test('the history pages through many runs', async ({ page, request }) => {
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  await expect(page).toHaveURL(/\/syncs\/[0-9a-f-]{36}$/);
  const syncId = new URL(page.url()).pathname.split('/').pop() ?? '';
  // Ten more runs through the HTTP API; the source is still missing, so each fails at once.
  for (let i = 0; i < 10; i++) {
    const started = await request.post('/trpc/runs.start', { data: { json: { syncId } } });
    expect(started.ok(), await started.text()).toBe(true);
    const runId = ((await started.json()) as { result: { data: { json: { runId: string } } } }).result.data.json.runId;
    await expect
      .poll(async () => {
        const res = await request.get(
          `/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ json: { id: runId } }))}`,
        );
        return ((await res.json()) as { result: { data: { json: { status: string } } } }).result.data.json.status;
      })
      .toBe('failed');
  }
  await page.reload();
  const history = page.getByRole('table', { name: 'Run history' });
  const runRows = history.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(page.getByText('1–10 of 12 runs')).toBeVisible();
  await expect(runRows).toHaveCount(10);
  await expect(page.getByRole('button', { name: 'Newer' })).toBeDisabled();
  await page.getByRole('button', { name: 'Older' }).click();
  await expect(page.getByText('11–12 of 12 runs')).toBeVisible();
  await expect(runRows).toHaveCount(2);
  await expect(runRows.nth(1)).toContainText('Success');
  await expect(page.getByRole('button', { name: 'Older' })).toBeDisabled();
  await page.getByRole('button', { name: 'Newer' }).click();
  await expect(page.getByText('1–10 of 12 runs')).toBeVisible();
});

test('edits the sync', async ({ page }) => {
  await pgAdmin(async (c) => {
    await c.query(
      `CREATE TABLE "${schema}"."${sourceTable}" (id integer PRIMARY KEY, name text NOT NULL, amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now())`,
    );
  });
  await page.goto('/syncs');
  await page.getByRole('link', { name: `Edit ${syncName}` }).click();
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toHaveValue(syncName);
  await expect(page.getByLabel('Source table')).toHaveValue(sourceTable);
  await expect(page.getByLabel('Destination table', { exact: true })).toHaveValue(destinationTable);
  // The destination exists now: the preview compares instead of proposing DDL.
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('exists');
  await saveScreenshot(page, 'sync-edit');
  await name.fill(renamedSync);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sync updated' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: renamedSync })).toBeVisible();
});

test('the syncs page works on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/syncs');
  await expect(page.getByRole('heading', { level: 1, name: 'Syncs' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New sync' }).first()).toBeVisible();
  // The actions move under the name on a phone; they must still be reachable.
  await expect(page.getByRole('button', { name: `Run ${renamedSync}` })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await saveScreenshot(page, 'syncs-phone');
});

test('deletes the sync, then its connections', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Recent runs' })).toContainText(renamedSync);
  await saveScreenshot(page, 'home');

  await page.goto('/syncs');
  await page.getByRole('link', { name: renamedSync, exact: true }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('run history');
  await dialog.getByRole('button', { name: 'Delete sync' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sync deleted' })).toBeVisible();
  await expect(page).toHaveURL(/\/syncs$/);
  await expect(page.getByRole('row').filter({ hasText: renamedSync })).toHaveCount(0);
  const [left] = await myAdmin(
    async (c) =>
      (await c.query(`SELECT COUNT(*) AS n FROM \`${mysqlAddress.database}\`.\`${destinationTable}\``))[0] as Array<{
        n: number | string;
      }>,
  );
  expect(Number(left?.n)).toBe(rows); // deleting a sync leaves the copied table alone

  await page.goto('/connections');
  for (const name of [pgName, mysqlName]) {
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete connection' }).click();
    await expect(connectionRow(page, name)).toHaveCount(0);
  }
});
