import { expect, test } from '@playwright/test';
import { adminQuery, uniqueName } from '@pipecraft/test-support';
import { createMysqlUser, dropMysqlUser, mysqlAddress, pgAddress } from './support/databases.js';
import { connectionRow, createConnectionThroughForm, saveScreenshot } from './support/ui.js';

test.describe.configure({ mode: 'serial' });

const run = uniqueName();
const pgName = `${run} PostgreSQL`;
const mysqlName = `${run} MariaDB`;
const mysqlUser = uniqueName('pc_e2e_user');
const mysqlPassword = `pw-${uniqueName('secret')}`;

test.beforeAll(async () => {
  await createMysqlUser(mysqlUser, mysqlPassword, mysqlAddress.database);
});

test.afterAll(async () => {
  await dropMysqlUser(mysqlUser);
});

test('the overview says what PipeCraft is and links to the work', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Keep a table in step');
  await expect(page.getByRole('region', { name: 'Recent runs' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' })).toBeVisible();
});

test('the form shows field errors beside its inputs', async ({ page }) => {
  await page.goto('/connections/new');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('5432');
  await page.getByLabel('Host', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save connection' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/.+/);
  await expect(page.getByLabel('Host', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // The user stays on the form, with what was typed.
  await expect(page).toHaveURL(/\/connections\/new$/);
  await saveScreenshot(page, 'connection-form-errors');
});

test('creates a PostgreSQL connection through the form and tests it', async ({ page }) => {
  await createConnectionThroughForm(page, { ...pgAddress, name: pgName, type: 'PostgreSQL' });
  const row = connectionRow(page, pgName);
  await expect(row).toContainText(`${pgAddress.host}:${pgAddress.port}/${pgAddress.database}`);
  await expect(row).toContainText('Not tested yet');
  await row.getByRole('button', { name: `Test ${pgName}` }).click();
  await expect(row).toContainText('Connected');
  await expect(row).toContainText(/PostgreSQL \d+/);
  await expect(row).toContainText(/\d+ ms/);
});

test('choosing MySQL fills its default port; the connection tests fine', async ({ page }) => {
  await page.goto('/connections/new');
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'MySQL / MariaDB' });
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('3306');

  await createConnectionThroughForm(page, {
    ...mysqlAddress,
    username: mysqlUser,
    password: mysqlPassword,
    name: mysqlName,
    type: 'MySQL / MariaDB',
  });
  const row = connectionRow(page, mysqlName);
  await row.getByRole('button', { name: `Test ${mysqlName}` }).click();
  await expect(row).toContainText('Connected');
  // The version the server itself reports, then a latency: not text the row shows anyway ("MySQL / MariaDB").
  const [reported] = await adminQuery<{ v: string }>('mysql', 'SELECT VERSION() AS v');
  await expect(row).toContainText(
    new RegExp(`Connected · ${reported!.v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · \\d+ ms`),
  );
  await saveScreenshot(page, 'connections');
});

test('an edit with a blank password keeps the stored one', async ({ page }) => {
  await page.goto('/connections');
  await page.getByRole('link', { name: `Edit ${mysqlName}` }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByText('Leave blank to keep the stored password.')).toBeVisible();
  await saveScreenshot(page, 'connection-edit');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  const row = connectionRow(page, mysqlName);
  await row.getByRole('button', { name: `Test ${mysqlName}` }).click();
  await expect(row).toContainText('Connected');
});

test('a wrong password shows the authentication error', async ({ page }) => {
  await page.goto('/connections');
  await page.getByRole('link', { name: `Edit ${mysqlName}` }).click();
  await page.getByLabel('Password', { exact: true }).fill('certainly-not-the-password');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  const row = connectionRow(page, mysqlName);
  await row.getByRole('button', { name: `Test ${mysqlName}` }).click();
  await expect(row).toContainText('AUTH_FAILED');
  await expect(page.getByRole('alert').filter({ hasText: 'AUTH_FAILED' })).toBeVisible();
  await saveScreenshot(page, 'connections-auth-failed');
});

test('the connection form works from the keyboard alone', async ({ page }) => {
  const name = `${run} keyboard`;
  await page.goto('/connections/new');
  const nameInput = page.getByLabel('Name', { exact: true });
  await expect(nameInput).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Type', { exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown'); // PostgreSQL → MySQL / MariaDB
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('3306');
  for (const [label, value] of [
    ['Host', mysqlAddress.host],
    ['Port', mysqlAddress.port],
    ['Database', mysqlAddress.database],
    ['Username', mysqlAddress.username],
    ['Password', mysqlAddress.password],
  ] as const) {
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(label, { exact: true })).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/connections$/);
  const row = connectionRow(page, name);
  await expect(row).toContainText('MySQL / MariaDB');
  await row.getByRole('button', { name: `Test ${name}` }).press('Enter');
  await expect(row).toContainText('Connected');
});

test('deletes a connection after confirmation', async ({ page }) => {
  await page.goto('/connections');
  await page.getByRole('button', { name: `Delete ${mysqlName}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(mysqlName);
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await expect(dialog).toBeHidden();
  await expect(connectionRow(page, mysqlName)).toHaveCount(0);
  await expect(connectionRow(page, pgName)).toBeVisible();
});
