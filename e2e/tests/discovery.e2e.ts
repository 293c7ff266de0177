import { expect, test } from '@playwright/test';
import { dropScratch, uniqueName } from '@pipecraft/test-support';
import { trpcMutation } from './support/auth.js';
import { createPgSourceTable, pgAddress } from './support/databases.js';

test.describe.configure({ mode: 'serial' });

const schema = uniqueName();
const connectionName = `${schema} browse`;
let connectionId = '';

test.beforeAll(async ({ request }) => {
  await createPgSourceTable(schema, 'orders', 321);
  const created = await trpcMutation(request, 'connections.create', {
    name: connectionName,
    dialect: 'postgres',
    host: pgAddress.host,
    port: Number(pgAddress.port),
    database: pgAddress.database,
    username: pgAddress.username,
    password: pgAddress.password,
    isSource: true,
    isDestination: true,
  });
  connectionId = (created.data as { id: string }).id;
});

test.afterAll(async ({ request }) => {
  await trpcMutation(request, 'connections.delete', { id: connectionId });
  await dropScratch('postgres', schema);
});

test('browses a connection down to a table’s columns and starts a sync from there', async ({ page }) => {
  await page.goto('/connections');
  await page.getByRole('link', { name: connectionName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: connectionName })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Used by 0 syncs' })).toBeVisible();

  // Schemas → tables, with kind, row estimate and size.
  await page.getByRole('list', { name: 'Schemas' }).getByRole('button', { name: schema, exact: true }).click();
  const tables = page.getByRole('region', { name: `Tables in ${schema}` });
  const orders = tables.getByRole('row').filter({ hasText: 'orders' });
  await expect(orders).toContainText('table');
  await expect(orders).toContainText(/\d+(\.\d)? kB/);

  // The filter narrows the list; nothing matches a name that is not there.
  const filter = page.getByLabel('Filter tables and columns');
  await filter.fill('nothing-like-this');
  await expect(tables).toContainText('No table matches');
  await filter.fill('ORD');
  await expect(orders).toBeVisible();

  // Tables → columns, with type, nullability, key and default.
  await orders.getByRole('button', { name: 'orders' }).click();
  const columns = page.getByRole('region', { name: `Columns of ${schema}.orders` });
  const id = columns.getByRole('row').filter({ hasText: /^id/ });
  await expect(id).toContainText('integer');
  await expect(id).toContainText('PK');
  await expect(columns.getByRole('row').filter({ hasText: 'created_at' })).toContainText('now()');
  await expect(page).toHaveURL(new RegExp(`table=orders`));

  // "Sync this table" opens the sync form with the source chosen.
  await columns.getByRole('link', { name: 'Sync this table' }).click();
  await expect(page).toHaveURL(/\/syncs\/new\?source=/);
  await expect(page.getByLabel('Source connection')).toHaveValue(connectionId);
  await expect(page.getByLabel('Source schema')).toHaveValue(schema);
  await expect(page.getByLabel('Source table')).toHaveValue('orders');
  await expect(page.getByLabel('Destination table', { exact: true })).toHaveValue('orders');
  await expect(page.getByRole('list', { name: 'Source columns' })).toContainText('amount');

  const syncName = `${schema} from the browser`;
  await page.getByLabel('Name', { exact: true }).fill(syncName);
  await page.getByLabel('Destination connection').selectOption(connectionId);
  await page.getByLabel('Destination schema').selectOption(schema);
  await page.getByLabel('Destination table', { exact: true }).fill('orders_copy');
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('will be created');
  await page.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();

  // The connection page now lists the sync, as a link.
  await page.goto(`/connections/${connectionId}`);
  await expect(page.getByRole('heading', { name: 'Used by 1 sync' })).toBeVisible();
  await page.getByRole('list', { name: 'Syncs using this connection' }).getByRole('link', { name: syncName }).click();
  await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();
  const syncId = page.url().split('/').pop()!;
  await trpcMutation(page.request, 'syncs.delete', { id: syncId });
});
