import { expect, test } from '@playwright/test';
import { dropScratch, dropTable, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { createPgSourceTable, mysqlAddress, pgAddress } from './support/databases.js';
import { chooseSyncTables, createConnectionThroughForm, saveScreenshot } from './support/ui.js';

/**
 * Write modes from the sync page (issue 11): a watermark set by hand, and schema drift handled by
 * the `add_columns` policy, shown as a diff on the sync page and the run page.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueName('pcui');
const schema = run;
const sourceTable = 'orders';
const destinationTable = `${run}_orders`;
const pgName = `${run} shop db`;
const mysqlName = `${run} reporting`;
const syncName = `${run} orders by id`;

test.beforeAll(async () => {
  await createPgSourceTable(schema, sourceTable, 200);
});

test.afterAll(async () => {
  await dropScratch('postgres', schema);
  await dropTable('mysql', mysqlAddress.database, destinationTable);
});

test('creates an incremental merge sync that adds new source columns', async ({ page }) => {
  // Two connection forms and a sync form, each saved against the real servers: on 2 shared cores
  // this has taken 55 s to over 90 s.
  test.setTimeout(180_000);
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
  await page.getByLabel('Cursor column').selectOption('id');
  await page.getByLabel("When the source's columns change").selectOption('add_columns');
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
  await expect(page.getByTestId('watermark')).toContainText('No watermark yet');
});

test('sets the watermark by hand: checked beside the fields, confirmed, and the next run reads after it', async ({
  page,
}) => {
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  const card = page.getByRole('region', { name: 'Watermark' });
  await card.getByRole('button', { name: 'Edit watermark' }).click();
  const form = card.getByRole('form', { name: 'Set the watermark' });
  const cursor = form.getByLabel('Cursor value (id)');
  const key = form.getByLabel('Key value (id)');

  // The API's own schema, in the browser: an empty cursor is refused beside its field.
  await form.getByRole('button', { name: 'Save watermark' }).click();
  await expect(cursor).toHaveAccessibleDescription('Enter the cursor value.');
  await cursor.fill('150');
  await expect(cursor).not.toHaveAttribute('aria-invalid', 'true');

  // The server checks the value against the source column's type.
  await cursor.fill('yesterday');
  await key.fill('150');
  await form.getByRole('button', { name: 'Save watermark' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set the watermark?' });
  await dialog.getByRole('button', { name: 'Set watermark' }).click();
  await expect(form.getByRole('alert')).toContainText('"yesterday" is not a integer value');

  await cursor.fill('150');
  await form.getByRole('button', { name: 'Save watermark' }).click();
  await expect(dialog).toContainText('The next run reads only rows after id = 150 (key 150)');
  await saveScreenshot(page, 'watermark-set-by-hand-confirm');
  await dialog.getByRole('button', { name: 'Set watermark' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Watermark set' })).toBeVisible();
  await expect(page.getByTestId('watermark-cursor')).toHaveText('150');
  await expect(page.getByTestId('watermark')).toContainText('(key 150)');

  const latest = page.getByRole('region', { name: 'Latest run' });
  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  await expect(latest.getByText('Success')).toBeVisible({ timeout: 60_000 });
  await expect(latest).toContainText('50 rows');
  await expect(page.getByTestId('watermark')).toContainText('(key 200)');
});

test('a column added to the source: added under add_columns, the diff on the sync page and the run page', async ({
  page,
}) => {
  await pgAdmin(async (c) => {
    await c.query(`ALTER TABLE "${schema}"."${sourceTable}" ADD COLUMN region text`);
    await c.query(
      `INSERT INTO "${schema}"."${sourceTable}" (id, name, amount, region) VALUES (201, 'new', 1, 'eu-west')`,
    );
  });
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  await expect(page.getByRole('region', { name: 'Schema changes' })).toHaveCount(0);
  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  // The diff appears once the run has ended (its end refreshes the page's run queries).
  const diff = page.getByRole('region', { name: 'Schema changes' });
  const row = diff.getByRole('row', { name: /region/ });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Latest run' })).toContainText(/Success.*1 rows? in .*1 warning/);
  await expect(row.getByRole('cell').nth(0)).toHaveText('not in the destination');
  await expect(row.getByRole('cell').nth(1)).toHaveText('text');
  await expect(row.getByRole('cell').nth(2)).toHaveText(/Added to the destination with ALTER TABLE/);
  await saveScreenshot(page, 'sync-schema-changes');

  await diff.getByRole('link', { name: 'Run details' }).click();
  const onRun = page.getByRole('region', { name: 'Schema changes' });
  await expect(onRun.getByRole('row', { name: /region/ })).toContainText('new in the source');
  await expect(onRun.getByRole('row', { name: /region/ })).toContainText('ALTER TABLE');
  await expect(page.getByRole('region', { name: /^Warnings/ })).toContainText('Schema drift: added column "region"');
});

test('a column added under the fail policy: the run fails, and the diff says what to pick instead', async ({
  page,
}) => {
  await page.goto('/syncs');
  await page.getByRole('link', { name: syncName, exact: true }).click();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByLabel("When the source's columns change").selectOption('fail');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
  await pgAdmin((c) => c.query(`ALTER TABLE "${schema}"."${sourceTable}" ADD COLUMN channel text`));

  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  const diff = page.getByRole('region', { name: 'Schema changes' });
  const row = diff.getByRole('row', { name: /channel/ });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(diff.getByText('Failed', { exact: true })).toBeVisible();
  await expect(row.getByRole('cell').nth(2)).toHaveText('Run failed; the destination was not changed');
  // The earlier change is not this run's: the diff is the newest run's only.
  await expect(diff.getByRole('row', { name: /region/ })).toHaveCount(0);
  await expect(diff).toContainText('pick “Add new source columns to the destination” (new columns only)');
  await saveScreenshot(page, 'sync-schema-changes-refused');
  await expect(page.getByRole('region', { name: 'Latest run' })).toContainText('Failed');
});
