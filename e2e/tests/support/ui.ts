import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { DbAddress } from './databases.js';

const artifactsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'artifacts');

/** A full-page picture of what the user sees, kept in e2e/artifacts/ for review. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

export interface ConnectionFields extends DbAddress {
  name: string;
  type: 'PostgreSQL' | 'MySQL / MariaDB';
}

/** Fills and submits the connection form the way a user would, by label. */
export async function createConnectionThroughForm(page: Page, fields: ConnectionFields): Promise<void> {
  await page.goto('/connections/new');
  await page.getByLabel('Name', { exact: true }).fill(fields.name);
  await page.getByLabel('Type', { exact: true }).selectOption({ label: fields.type });
  await page.getByLabel('Host', { exact: true }).fill(fields.host);
  await page.getByLabel('Port', { exact: true }).fill(fields.port);
  await page.getByLabel('Database', { exact: true }).fill(fields.database);
  await page.getByLabel('Username', { exact: true }).fill(fields.username);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole('status').filter({ hasText: 'Connection saved' })).toBeVisible();
  await expect(connectionRow(page, fields.name)).toBeVisible();
}

/** The table row of one connection, found by its name. */
export function connectionRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
}

/** One side of a sync as the form's cascading pickers show it: the connection's option label, schema, table. */
export interface SyncSide {
  connection: string;
  schema: string;
  table: string;
}

/** Picks the source table and names the destination in the sync form, in the order a user goes. */
export async function chooseSyncTables(page: Page, source: SyncSide, destination: SyncSide): Promise<void> {
  await page.getByLabel('Source connection').selectOption({ label: source.connection });
  await page.getByLabel('Source schema').selectOption(source.schema);
  await page.getByLabel('Source table').selectOption(source.table);
  await page.getByLabel('Destination connection').selectOption({ label: destination.connection });
  await page.getByLabel('Destination schema').selectOption(destination.schema);
  await page.getByLabel('Destination table', { exact: true }).fill(destination.table);
}
