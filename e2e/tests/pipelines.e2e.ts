import { expect, test, type Locator, type Page } from '@playwright/test';
import { adminQuery, createScratch, dropScratch, loadMysqlSakila, pgAdmin, uniqueName } from '@pipecraft/test-support';
import { mysqlAddress, pgAddress } from './support/databases.js';
import { saveScreenshot } from './support/ui.js';

/**
 * Issue 12: the 16 tables of Sakila from MariaDB into PostgreSQL through the UI, counting every
 * click and choice a user makes (Airbyte's "select all streams" takes about 15); then run the
 * group and watch it finish, schedule it, and cancel a long run.
 */
const sakila = uniqueName('pc_sakila');
const destination = uniqueName('pc_sakila_pg');
const longSchema = uniqueName('pc_long');
const mariadb = `${sakila} MariaDB`;
const postgres = `${sakila} PostgreSQL`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await createScratch('mysql', sakila);
  await loadMysqlSakila(sakila);
  await createScratch('postgres', destination);
});

test.afterAll(async () => {
  await dropScratch('mysql', sakila);
  await dropScratch('postgres', destination);
  await dropScratch('postgres', longSchema);
});

/** Clicks and choices a user makes (typing is counted apart: it is not a click). */
class Interactions {
  clicks = 0;
  typed = 0;
  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }
  async choose(target: Locator, option: string | { label: string }): Promise<void> {
    this.clicks++;
    await target.selectOption(option);
  }
  async type(target: Locator, text: string): Promise<void> {
    this.typed++;
    await target.fill(text);
  }
}

async function addConnection(page: Page, user: Interactions, name: string, type: string, address: typeof pgAddress) {
  await page.goto('/connections/new');
  await user.type(page.getByLabel('Name', { exact: true }), name);
  const typeField = page.getByLabel('Type', { exact: true });
  if ((await typeField.locator('option:checked').textContent()) !== type) await user.choose(typeField, { label: type });
  await user.type(page.getByLabel('Host', { exact: true }), address.host);
  await user.type(page.getByLabel('Port', { exact: true }), address.port);
  await user.type(page.getByLabel('Database', { exact: true }), address.database);
  await user.type(page.getByLabel('Username', { exact: true }), address.username);
  if (address.password) await user.type(page.getByLabel('Password', { exact: true }), address.password);
  await user.click(page.getByRole('button', { name: 'Save connection' }));
  await expect(page).toHaveURL(/\/connections$/);
}

test.describe.serial('pipelines', () => {
  test('copies the 16 Sakila tables MariaDB → PostgreSQL in at most 15 clicks, runs them and watches them finish', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const user = new Interactions();
    await addConnection(page, user, mariadb, 'MySQL / MariaDB', { ...mysqlAddress, database: sakila });
    await addConnection(page, user, postgres, 'PostgreSQL', pgAddress);

    await user.click(page.getByRole('link', { name: 'Pipelines' }));
    await user.click(page.getByRole('link', { name: 'New pipeline' }).first());
    await user.choose(page.getByLabel('Source connection'), { label: `${mariadb} (MySQL / MariaDB)` });
    await user.choose(page.getByLabel('Source schema'), sakila);
    await user.click(page.getByLabel('Select all tables (16)'));
    await user.choose(page.getByLabel('Destination connection'), { label: `${postgres} (PostgreSQL)` });
    await user.choose(page.getByLabel('Destination schema'), destination);
    await user.click(page.getByRole('button', { name: 'Preview 16 tables' }));
    const preview = page.getByRole('region', { name: /^Preview: 16 tables/ });
    await expect(preview).toContainText('0 with problems', { timeout: 60_000 });
    await saveScreenshot(page, 'pipeline-preview');
    await user.click(page.getByRole('button', { name: 'Create pipeline' }));
    await expect(page.getByRole('heading', { level: 1, name: `${sakila} → ${destination}` })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Tables (16)' })).toBeVisible();

    await user.click(page.getByRole('button', { name: 'Run pipeline' }));
    const progress = page.getByTestId('pipeline-progress');
    await expect(progress).toHaveText('16 success', { timeout: 180_000 });
    await saveScreenshot(page, 'pipeline-finished');

    expect(user.clicks).toBeLessThanOrEqual(15);
    test
      .info()
      .annotations.push({ type: 'interactions', description: `${user.clicks} clicks, ${user.typed} typed fields` });
    const rentals = await pgAdmin(
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM "${destination}"."rental"`)).rows[0].n as number,
    );
    const [source] = await adminQuery<{ n: number }>('mysql', `SELECT count(*) AS n FROM \`${sakila}\`.rental`);
    expect(rentals).toBe(Number(source!.n));

    // One member's own page, from the pipeline's table.
    await page.getByRole('link', { name: 'rental → rental' }).click();
    await expect(page.getByRole('region', { name: 'Latest run' }).getByText('Success')).toBeVisible();
  });

  test('schedules the pipeline: shown in words with the next three times, paused and resumed', async ({ page }) => {
    await page.goto('/pipelines');
    await page.getByRole('link', { name: `${sakila} → ${destination}` }).click();
    const schedule = page.getByTestId('schedule');
    await expect(schedule).toContainText('Runs only when started by hand.');
    await schedule.getByLabel('Cron expression').fill('0 2 * * *');
    await schedule.getByLabel('Time zone').fill('Europe/Paris');
    await expect(schedule).toContainText('At 02:00 (Europe/Paris) · next');
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await expect(schedule.getByRole('list', { name: 'Next runs' }).getByRole('listitem')).toHaveCount(3);
    await expect(schedule.locator('p').first()).toHaveText('At 02:00 (Europe/Paris)');
    await schedule.getByRole('button', { name: 'Pause schedule' }).click();
    await expect(schedule).toContainText('Paused');
    await expect(schedule.getByRole('list', { name: 'Next runs' })).toHaveCount(0);
    await schedule.getByRole('button', { name: 'Resume schedule' }).click();
    await expect(schedule.getByRole('list', { name: 'Next runs' }).getByRole('listitem')).toHaveCount(3);
  });

  test('cancels a long run: recorded cancelled within seconds, the destination untouched', async ({ page }) => {
    test.setTimeout(120_000);
    await pgAdmin(async (c) => {
      await c.query(`CREATE SCHEMA "${longSchema}"`);
      await c.query(`CREATE TABLE "${longSchema}"."big" (id integer PRIMARY KEY, note text NOT NULL)`);
      await c.query(
        `INSERT INTO "${longSchema}"."big" SELECT g, repeat('x', 40) || g FROM generate_series(1, 1500000) g`,
      );
    });
    const syncName = `${longSchema} big copy`;
    await page.goto('/syncs/new');
    await page.getByLabel('Name', { exact: true }).fill(syncName);
    await page.getByLabel('Source connection').selectOption({ label: `${postgres} (PostgreSQL)` });
    await page.getByLabel('Source schema').selectOption(longSchema);
    await page.getByLabel('Source table').selectOption('big');
    await page.getByLabel('Destination connection').selectOption({ label: `${postgres} (PostgreSQL)` });
    await page.getByLabel('Destination schema').selectOption(longSchema);
    await page.getByLabel('Destination table', { exact: true }).fill('big_copy');
    await page.getByRole('button', { name: 'Save sync' }).click();
    await expect(page.getByRole('heading', { level: 1, name: syncName })).toBeVisible();

    await page.getByRole('button', { name: `Run ${syncName}` }).click();
    const latest = page.getByRole('region', { name: 'Latest run' });
    await expect(latest).toContainText(/\b[1-9][\d,]* rows copied/);
    const clicked = Date.now();
    await page.getByRole('button', { name: `Cancel the run of ${syncName}` }).click();
    await expect(latest.getByText('Cancelled', { exact: true })).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - clicked).toBeLessThan(5_000);
    await saveScreenshot(page, 'run-cancelled');
    // The run created the table inside its transaction: cancelled, the table never appeared.
    const exists = await pgAdmin(
      async (c) =>
        (await c.query(`SELECT to_regclass($1) AS t`, [`"${longSchema}"."big_copy"`])).rows[0].t as string | null,
    );
    expect(exists).toBeNull();
  });
});
