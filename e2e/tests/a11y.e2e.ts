import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dropScratch, uniqueName } from '@pipecraft/test-support';
import { trpcMutation } from './support/auth.js';
import { createPgSourceTable, pgAddress } from './support/databases.js';

/**
 * Every page, at desktop and phone sizes, in both themes: no serious or critical axe violation,
 * and a screenshot of each in e2e/screenshots/ (gitignored) for people to look at.
 */

const screenshots = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
const schema = uniqueName();
const seeded = { connection: '', sync: '' };

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const THEMES = ['light', 'dark'] as const;

/** Each page: where it is, and what shows it has finished loading. */
const PAGES: Array<{ name: string; path: () => string; ready: (page: Page) => Promise<void> }> = [
  {
    name: 'overview',
    path: () => '/',
    ready: (p) => expect(p.getByRole('region', { name: 'Recent runs' })).toBeVisible(),
  },
  { name: 'connections', path: () => '/connections', ready: (p) => expect(p.getByRole('table')).toBeVisible() },
  {
    name: 'connection',
    path: () => `/connections/${seeded.connection}?schema=${schema}&table=orders`,
    ready: (p) =>
      expect(p.getByRole('region', { name: `Columns of ${schema}.orders` }).getByRole('table')).toBeVisible(),
  },
  {
    name: 'connection-new',
    path: () => '/connections/new',
    ready: (p) => expect(p.getByLabel('Host', { exact: true })).toBeVisible(),
  },
  {
    name: 'connection-edit',
    path: () => `/connections/${seeded.connection}/edit`,
    ready: (p) => expect(p.getByLabel('Host', { exact: true })).toHaveValue(pgAddress.host),
  },
  { name: 'syncs', path: () => '/syncs', ready: (p) => expect(p.getByRole('table')).toBeVisible() },
  {
    name: 'sync-new',
    path: () => `/syncs/new?source=${seeded.connection}&schema=${schema}&table=orders`,
    ready: (p) => expect(p.getByRole('list', { name: 'Source columns' })).toBeVisible(),
  },
  {
    name: 'sync',
    path: () => `/syncs/${seeded.sync}`,
    ready: (p) =>
      expect(p.getByRole('region', { name: 'Latest run' }).getByText('Success')).toBeVisible({ timeout: 60_000 }),
  },
  {
    name: 'sync-edit',
    path: () => `/syncs/${seeded.sync}/edit`,
    ready: (p) => expect(p.getByTestId('sync-preview')).toBeVisible({ timeout: 30_000 }),
  },
  { name: 'users', path: () => '/users', ready: (p) => expect(p.getByRole('table')).toBeVisible() },
  { name: 'tokens', path: () => '/tokens', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'audit', path: () => '/audit', ready: (p) => expect(p.getByRole('table')).toBeVisible() },
];

test.beforeAll(async ({ request }) => {
  await createPgSourceTable(schema, 'orders', 25);
  const connection = await trpcMutation(request, 'connections.create', {
    name: `${schema} a11y`,
    dialect: 'postgres',
    host: pgAddress.host,
    port: Number(pgAddress.port),
    database: pgAddress.database,
    username: pgAddress.username,
    password: pgAddress.password,
    isSource: true,
    isDestination: true,
  });
  seeded.connection = (connection.data as { id: string }).id;
  const sync = await trpcMutation(request, 'syncs.create', {
    name: `${schema} a11y copy`,
    description: 'Seeded for the accessibility pass',
    sourceConnectionId: seeded.connection,
    sourceSchema: schema,
    sourceTable: 'orders',
    destinationConnectionId: seeded.connection,
    destinationSchema: schema,
    destinationTable: 'orders_copy',
  });
  seeded.sync = (sync.data as { id: string }).id;
  await trpcMutation(request, 'runs.start', { syncId: seeded.sync });
  mkdirSync(screenshots, { recursive: true });
});

test.afterAll(async ({ request }) => {
  await trpcMutation(request, 'syncs.delete', { id: seeded.sync });
  await trpcMutation(request, 'connections.delete', { id: seeded.connection });
  await dropScratch('postgres', schema);
});

for (const [size, viewport] of Object.entries(SIZES)) {
  for (const theme of THEMES) {
    test(`every page at ${size} size in the ${theme} theme: no serious or critical axe violation`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      for (const { name, path, ready } of PAGES) {
        await page.goto(path());
        await ready(page);
        await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
        const results = await new AxeBuilder({ page }).analyze();
        for (const violation of results.violations) {
          if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
          const where = violation.nodes.map((node) => node.target.join(' ')).slice(0, 3);
          found.push(`${name}: ${violation.id} (${violation.impact}) ${violation.help} — ${where.join(' | ')}`);
        }
        await page.screenshot({ path: join(screenshots, `${name}-${size}-${theme}.png`), fullPage: true });
      }
      expect(found).toEqual([]);
    });
  }
}

test('the sign-in page, signed out, in both themes at phone size', async ({ browser }) => {
  for (const theme of THEMES) {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      viewport: SIZES.phone,
      colorScheme: theme,
    });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.screenshot({ path: join(screenshots, `sign-in-phone-${theme}.png`), fullPage: true });
    await context.close();
  }
});
