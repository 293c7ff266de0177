import { expect, test } from '@playwright/test';
import { adminQuery, createScratch, dropScratch, myQuote, uniqueName } from '@pipecraft/test-support';
import { mysqlAddress, pgAddress } from './support/databases.js';
import { createConnectionThroughForm } from './support/ui.js';

/**
 * Values a run changed under a declared policy are on the sync page, one line per column and
 * policy, with a count and the key of the first row (issue 8): NUL stripped, MySQL → PostgreSQL.
 */
const schema = uniqueName('pc_e2e_vw');
const syncName = `${schema} notes`;

test.beforeAll(async () => {
  await createScratch('mysql', schema);
  await createScratch('postgres', schema);
  await adminQuery('mysql', `CREATE TABLE ${myQuote(schema)}.notes (id int PRIMARY KEY, body text)`);
  await adminQuery('mysql', `INSERT INTO ${myQuote(schema)}.notes VALUES (1, 'fine'), (7, ?), (9, ?)`, [
    'a\u0000b',
    '\u0000',
  ]);
});

test.afterAll(async () => {
  await dropScratch('mysql', schema);
  await dropScratch('postgres', schema);
});

test('the run history lists the values a run changed, with a count and the first row’s key', async ({ page }) => {
  test.setTimeout(90_000);
  // A MySQL connection lists its own database only: point it at the test's.
  await createConnectionThroughForm(page, {
    ...mysqlAddress,
    database: schema,
    name: `${schema} my`,
    type: 'MySQL / MariaDB',
  });
  await createConnectionThroughForm(page, { ...pgAddress, name: `${schema} pg`, type: 'PostgreSQL' });

  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await page.getByLabel('Source connection').selectOption({ label: `${schema} my (MySQL / MariaDB)` });
  await page.getByLabel('Source schema').selectOption(schema);
  await page.getByLabel('Source table').selectOption('notes');
  await page.getByLabel('Destination connection').selectOption({ label: `${schema} pg (PostgreSQL)` });
  await page.getByLabel('Destination schema').selectOption(schema);
  await page.getByLabel('Destination table', { exact: true }).fill('notes');
  const preview = page.getByRole('region', { name: 'Preview' });
  // The policy is declared before anything runs.
  await expect(preview).toContainText('NUL characters (U+0000) are stripped', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();

  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  const changed = page.getByRole('list', { name: 'Values changed' });
  await expect(changed).toBeVisible({ timeout: 60_000 });
  await expect(changed.getByRole('listitem')).toHaveText(
    /^body: NUL characters \(U\+0000\) stripped: the destination cannot store them in text — 2 values, first at id=7$/,
  );
});
