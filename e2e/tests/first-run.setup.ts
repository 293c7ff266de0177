import { expect, test as setup } from '@playwright/test';
import { saveScreenshot } from './support/ui.js';
import { ADMIN, ADMIN_STATE } from './support/auth.js';

// The first-run experience, on the suite's fresh store: whatever page a new user opens, PipeCraft
// shows the setup page; it creates the admin, signs them in, and is gone afterwards. The signed-in
// state is saved for every other spec (playwright.config.ts: the `chromium` project depends on this).
setup('first run: the setup page creates the admin and signs them in', async ({ page }) => {
  await page.goto('/connections');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to PipeCraft' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).not.toBeVisible();

  // The API refuses everything but setup until then.
  const refused = await page.request.get('/trpc/connections.list');
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toContain('SETUP_REQUIRED');

  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Name', { exact: true }).fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill('too short');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('At least 12 characters.')).toBeVisible();
  await saveScreenshot(page, 'first-run-setup');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('button', { name: new RegExp(ADMIN.email) })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Audit log' })).toBeVisible();

  // One time only: the page is gone, and the API says so.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$/);
  const again = await page.request.post('/trpc/auth.setup', {
    data: { json: { ...ADMIN, email: 'second@example.com' } },
  });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain('SETUP_DONE');

  await page.context().storageState({ path: ADMIN_STATE });
});
