import { expect, test, type Page } from '@playwright/test';
import { dropScratch, dropTable, myAdmin, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { trpcMutation } from './support/auth.js';
import { createMysqlUser, createPgSourceTable, dropMysqlUser, mysqlAddress, pgAddress } from './support/databases.js';
import { chooseSyncTables, type SyncSide } from './support/ui.js';

test.describe.configure({ mode: 'serial' });

const run = uniqueName();
const schema = run; // PostgreSQL schema with the source table
const newDatabase = `${run}_made`; // the MariaDB database a run creates
const mysqlUser = uniqueName('pc_e2e_flow');
const mysqlPassword = `pw-${uniqueName('secret')}`;
const pgName = `${run} pg`;
const mysqlName = `${run} maria`;
const ids: { pg: string; mysql: string; syncs: string[] } = { pg: '', mysql: '', syncs: [] };

function connectionInput(name: string, dialect: 'postgres' | 'mysql') {
  const address = dialect === 'postgres' ? pgAddress : mysqlAddress;
  return {
    name,
    dialect,
    host: address.host,
    port: Number(address.port),
    database: address.database,
    username: address.username,
    password: address.password,
    isSource: true,
    isDestination: true,
  };
}

test.beforeAll(async ({ request }) => {
  await createPgSourceTable(schema, 'items', 40);
  await createMysqlUser(mysqlUser, mysqlPassword, mysqlAddress.database);
  ids.pg = (
    (await trpcMutation(request, 'connections.create', connectionInput(pgName, 'postgres'))).data as { id: string }
  ).id;
  ids.mysql = (
    (await trpcMutation(request, 'connections.create', connectionInput(mysqlName, 'mysql'))).data as { id: string }
  ).id;
});

test.afterAll(async ({ request }) => {
  for (const id of ids.syncs) await trpcMutation(request, 'syncs.delete', { id });
  for (const id of [ids.pg, ids.mysql]) await trpcMutation(request, 'connections.delete', { id });
  await dropMysqlUser(mysqlUser);
  await dropScratch('postgres', schema);
  await dropScratch('mysql', newDatabase);
  await dropTable('mysql', mysqlAddress.database, `${run}_mismatch`);
});

async function fillMysqlUser(page: Page, password: string) {
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'MySQL / MariaDB' });
  await page.getByLabel('Host', { exact: true }).fill(mysqlAddress.host);
  await page.getByLabel('Port', { exact: true }).fill(mysqlAddress.port);
  await page.getByLabel('Database', { exact: true }).fill(mysqlAddress.database);
  await page.getByLabel('Username', { exact: true }).fill(mysqlUser);
  await page.getByLabel('Password', { exact: true }).fill(password);
}

test('tests a connection before saving it, a wrong password included', async ({ page }) => {
  const name = `${run} typed`;
  await page.goto('/connections/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await fillMysqlUser(page, 'not-the-password');
  await page.getByRole('button', { name: 'Test these settings' }).click();
  const result = page.getByTestId('draft-test-result');
  await expect(result).toContainText('AUTH_FAILED');
  await page.getByLabel('Password', { exact: true }).fill(mysqlPassword);
  await page.getByRole('button', { name: 'Test these settings' }).click();
  await expect(result).toContainText('Connected');
  await expect(result).toContainText(/MariaDB|MySQL|\d+\.\d+/);
  // Nothing was saved by testing.
  const list = await page.request.get('/trpc/connections.list');
  expect(await list.text()).not.toContain(name);

  // Saved, then edited: the blank password means the stored one, tested before saving the edit.
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await page
    .getByRole('link', { name: `Edit ${name}` })
    .first()
    .click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Test these settings' }).click();
  await expect(page.getByTestId('draft-test-result')).toContainText('Connected');
  const id = page.url().split('/').at(-2)!;
  await trpcMutation(page.request, 'connections.delete', { id });
});

test('a test result goes stale when the connection is edited', async ({ page }) => {
  await page.goto('/connections');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: pgName, exact: true }) });
  await row.getByRole('button', { name: `Test ${pgName}` }).click();
  await expect(row).toContainText('Connected');
  await trpcMutation(page.request, 'connections.update', { id: ids.pg, database: 'postgres' });
  await page.reload();
  await expect(row).toContainText('stale: edited since');
  await trpcMutation(page.request, 'connections.update', { id: ids.pg, database: pgAddress.database });
});

test('asks before leaving a form with unsaved changes', async ({ page }) => {
  await page.goto('/connections/new');
  // Untouched: leaving asks nothing.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  await expect(page).toHaveURL(/\/syncs$/);

  await page.goto('/connections/new');
  await page.getByLabel('Name', { exact: true }).fill('half-typed');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stay on this page' }).click();
  await expect(page).toHaveURL(/\/connections\/new$/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('half-typed');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  await dialog.getByRole('button', { name: 'Leave and discard' }).click();
  await expect(page).toHaveURL(/\/syncs$/);
});

test('adds a connection from inside the sync form without losing what was typed', async ({ page }) => {
  const name = `${run} added in the dialog`;
  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(`${run} kept`);
  await page.getByLabel('Description', { exact: true }).fill('typed before the dialog');
  await page.getByRole('button', { name: 'Add a connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Host', { exact: true }).fill(pgAddress.host);
  await dialog.getByLabel('Port', { exact: true }).fill(pgAddress.port);
  await dialog.getByLabel('Database', { exact: true }).fill(pgAddress.database);
  await dialog.getByLabel('Username', { exact: true }).fill(pgAddress.username);
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();

  // Still the same form, with what was typed, and the new connection chosen as the source.
  await expect(page).toHaveURL(/\/syncs\/new$/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(`${run} kept`);
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('typed before the dialog');
  await expect(page.getByLabel('Source connection').locator('option:checked')).toHaveText(`${name} (PostgreSQL)`);
  const created = (await (await page.request.get('/trpc/connections.list')).json()) as {
    result: { data: { json: Array<{ id: string; name: string }> } };
  };
  const id = created.result.data.json.find((c) => c.name === name)!.id;
  // The typed form is still guarded; leave it on purpose, then clean up.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page
    .getByRole('dialog', { name: 'Leave without saving?' })
    .getByRole('button', { name: 'Leave and discard' })
    .click();
  await trpcMutation(page.request, 'connections.delete', { id });
});

async function chooseTables(page: Page, destination: SyncSide) {
  await chooseSyncTables(page, { connection: `${pgName} (PostgreSQL)`, schema, table: 'items' }, destination);
}

test('the same table on both sides is red only, never green', async ({ page }) => {
  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(`${run} onto itself`);
  await chooseTables(page, { connection: `${pgName} (PostgreSQL)`, schema, table: 'items' });
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('The destination is the source table itself');
  await expect(preview).not.toContainText('columns match');
});

test('creates a missing destination schema when asked, and toasts when the run ends', async ({ page }) => {
  const syncName = `${run} into a new database`;
  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await chooseTables(page, {
    connection: `${mysqlName} (MySQL / MariaDB)`,
    schema: mysqlAddress.database,
    table: 'items',
  });
  // A schema that does not exist yet is typed, not picked.
  await page.getByLabel('Destination schema').selectOption({ label: 'Another schema, by name…' });
  await page.getByLabel('New schema name').fill(newDatabase);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('SCHEMA_NOT_FOUND');
  await expect(preview).toContainText('Tick “Create this schema if it is missing”');
  await page.getByLabel('Create this schema if it is missing').check();
  await expect(preview.locator('pre').first()).toContainText(`CREATE DATABASE IF NOT EXISTS \`${newDatabase}\``);
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
  ids.syncs.push(page.url().split('/').pop()!);

  await page.goto('/connections');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: `Run ${syncName}` }).click();
  // Wherever the user is, the end of the run says so, with a link.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  const toast = page.getByRole('status').filter({ hasText: `Run of “${syncName}” succeeded` });
  await expect(toast).toBeVisible({ timeout: 60_000 });
  await expect(toast).toContainText('40 rows copied');
  const [count] = await myAdmin(async (c) => {
    const [rows] = await c.query(`SELECT COUNT(*) AS n FROM \`${newDatabase}\`.\`items\``);
    return rows as Array<{ n: number }>;
  });
  expect(Number(count?.n)).toBe(40);
  await toast.getByRole('link', { name: 'Open the sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
});

test('a run that fails raises a failure toast with a link', async ({ page }) => {
  const syncName = `${run} doomed`;
  const saved = await trpcMutation(page.request, 'syncs.create', {
    name: syncName,
    sourceConnectionId: ids.pg,
    sourceSchema: schema,
    sourceTable: 'items',
    destinationConnectionId: ids.pg,
    destinationSchema: schema,
    destinationTable: 'items_doomed',
  });
  const syncId = (saved.data as { id: string }).id;
  ids.syncs.push(syncId);
  await pgAdmin((c) => c.query(`ALTER TABLE "${schema}"."items" RENAME TO "items_gone"`));
  try {
    await page.goto('/connections');
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await trpcMutation(page.request, 'runs.start', { syncId });
    const toast = page.getByRole('alert').filter({ hasText: `Run of “${syncName}” failed` });
    await expect(toast).toBeVisible({ timeout: 60_000 });
    await expect(toast).toContainText('TABLE_NOT_FOUND');
    await toast.getByRole('link', { name: 'Open the sync' }).click();
    await expect(page).toHaveURL(new RegExp(`/syncs/${syncId}$`));
  } finally {
    await pgAdmin((c) => c.query(`ALTER TABLE "${schema}"."items_gone" RENAME TO "items"`));
  }
});

test('saving a sync whose run would stop needs "save anyway", with the reason shown', async ({ page }) => {
  const table = `${run}_mismatch`;
  await myAdmin((c) => c.query(`CREATE TABLE \`${mysqlAddress.database}\`.\`${table}\` (other_column int NOT NULL)`));
  const syncName = `${run} into a mismatch`;
  await page.goto('/syncs/new');
  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await chooseTables(page, { connection: `${mysqlName} (MySQL / MariaDB)`, schema: mysqlAddress.database, table });
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('does not match');
  await page.getByRole('button', { name: 'Save sync' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'A run of this sync would stop' });
  await expect(notice).toContainText('other_column');
  await expect(page).toHaveURL(/\/syncs\/new$/);
  await notice.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
  ids.syncs.push(page.url().split('/').pop()!);
});

test('dark mode follows the system, toggles, and stays chosen without a flash', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/connections', { waitUntil: 'domcontentloaded' });
  // Set before the first paint by the inline script, not after hydration.
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  const toggle = page.getByRole('button', { name: /^Theme: / });
  await expect(toggle).toHaveAttribute('data-theme-choice', 'system');
  await toggle.click(); // system → light
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await toggle.click(); // light → dark
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  // Chosen dark outlives a system that turns light and a reload.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).not.toBe('rgb(248, 250, 252)');
  await page.getByRole('button', { name: /^Theme: / }).click(); // dark → system (light now)
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
});

test('refusing to delete a connection in use lists its syncs as links', async ({ page }) => {
  await page.goto('/connections');
  await page.getByRole('button', { name: `Delete ${pgName}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/is used by/);
  const links = dialog.getByRole('list', { name: 'Syncs using this connection' });
  await links.getByRole('link', { name: `${run} doomed` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${run} doomed` })).toBeVisible();
});
