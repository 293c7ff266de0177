import { expect, test } from '@playwright/test';
import { dropScratch, dropTable, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { createPgSourceTable, mysqlAddress, pgAddress } from './support/databases.js';
import { chooseSyncTables, createConnectionThroughForm, saveScreenshot } from './support/ui.js';

test.describe.configure({ mode: 'serial' });

const run = uniqueName();
const schema = run;
const sourceTable = 'events';
const destinationTable = `${run}_events`;
const pgName = `${run} app db`;
const mysqlName = `${run} warehouse`;
const syncName = `${run} events incrementally`;

test.beforeAll(async () => {
  // 200 rows sharing one created_at (one INSERT): the watermark's key breaks the tie.
  await createPgSourceTable(schema, sourceTable, 200);
});

test.afterAll(async () => {
  await dropScratch('postgres', schema);
  await dropTable('mysql', mysqlAddress.database, destinationTable);
});

test('creates an incremental merge sync through the form', async ({ page }) => {
  await createConnectionThroughForm(page, { ...pgAddress, name: pgName, type: 'PostgreSQL' });
  await createConnectionThroughForm(page, { ...mysqlAddress, name: mysqlName, type: 'MySQL / MariaDB' });
  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await chooseSyncTables(
    page,
    { connection: `${pgName} (PostgreSQL)`, schema, table: sourceTable },
    { connection: `${mysqlName} (MySQL / MariaDB)`, schema: mysqlAddress.database, table: destinationTable },
  );

  await page.getByRole('group', { name: 'Write mode' }).getByRole('radio', { name: 'Incremental merge' }).check();
  // The form's own schema refuses a cursor mode without a cursor, beside the field.
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByLabel('Cursor column')).toHaveAccessibleDescription(/needs a cursor column/);
  await page.getByLabel('Cursor column').selectOption('created_at');
  // The primary key is preselected as the merge key.
  await expect(page.getByRole('group', { name: 'Key columns' }).getByRole('checkbox', { name: 'id' })).toBeChecked();

  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByTestId('mode-runs')).toContainText(
    'Upserts on (id) only rows past the watermark on created_at',
    {
      timeout: 30_000,
    },
  );
  await saveScreenshot(page, 'sync-incremental-form');
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
  await expect(page.getByTestId('watermark')).toContainText('No watermark yet');
});

test('runs, then runs again after source changes: inserted/updated counts and a moved watermark; reset', async ({
  page,
}) => {
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  const latest = page.getByRole('region', { name: 'Latest run' });
  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  await expect(latest.getByText('Success')).toBeVisible({ timeout: 60_000 });
  await expect(latest).toContainText('200 rows');
  const cursor = page.getByTestId('watermark-cursor');
  await expect(cursor).toBeVisible();
  await expect(page.getByTestId('watermark')).toContainText('(key 200)');
  const firstWatermark = await cursor.textContent();

  await pgAdmin(async (c) => {
    await c.query(
      `UPDATE "${schema}"."${sourceTable}" SET name = 'changed', created_at = created_at + interval '1 hour' WHERE id IN (5, 7)`,
    );
    await c.query(
      `INSERT INTO "${schema}"."${sourceTable}" (id, name, amount, created_at) VALUES (201, 'new', 1, now() + interval '1 hour')`,
    );
  });
  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  await expect(latest.getByTestId('run-changes')).toContainText('1 inserted · 2 updated', { timeout: 60_000 });
  await expect(cursor).not.toHaveText(firstWatermark ?? '');
  await expect(page.getByTestId('watermark')).toContainText('(key 201)');
  await saveScreenshot(page, 'sync-incremental-watermark');

  await page.getByRole('button', { name: 'Reset watermark' }).click();
  await expect(page.getByTestId('watermark')).toContainText('No watermark yet');
});
