import { expect, test } from '@playwright/test';
import { saveScreenshot } from './support/ui.js';

// The suite's server runs in the embedded default: no queue, no workers. The page says so.
test('the Workers page, reached from the menu, explains that the embedded server has no workers', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Workers' }).click();
  await expect(page).toHaveURL(/\/workers$/);
  await expect(page.getByRole('heading', { name: 'Workers' })).toBeVisible();
  await expect(page.getByText('No live workers')).toBeVisible();
  await expect(page.getByText(/runs execute inside the server/)).toBeVisible();
  await saveScreenshot(page, 'workers-empty');
});
