import { expect, test } from '@playwright/test';
import { trpcMutation } from './support/auth.js';
import { saveScreenshot } from './support/ui.js';

/**
 * The REST API's interactive docs (`/docs`): Swagger UI served from this origin under the app's
 * strict CSP, reading `/api/openapi.json`, and "Try it out" calling `/api/v1` with an API token.
 */
test('the API docs page lists the routes and calls one with a token, with no CSP violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const created = await trpcMutation(page.request, 'tokens.create', {
    name: `docs-${Math.random().toString(36).slice(2, 8)}`,
    role: 'viewer',
    expiresInDays: 1,
  });
  expect(created.status).toBe(200);
  const { token } = created.data as { token: string };

  await page.goto('/docs');
  await expect(page.getByRole('heading', { name: /PipeCraft API/ })).toBeVisible();
  await expect(page.getByText('/connections/{id}/test').first()).toBeVisible();

  await page.getByRole('button', { name: 'Authorize' }).first().click();
  await page.getByRole('textbox', { name: 'auth-bearer-value' }).fill(token);
  await page.getByRole('button', { name: 'Apply credentials' }).click();
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  const operation = page.locator('#operations-meta-meta-dialects');
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  const live = operation.locator('.live-responses-table tr.response');
  await expect(live.locator('.response-col_status')).toHaveText('200');
  await expect(live).toContainText('postgres');
  await saveScreenshot(page, 'api-docs');
  expect(violations).toEqual([]);
});
