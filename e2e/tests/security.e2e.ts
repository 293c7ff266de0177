import { expect, test, type Page } from '@playwright/test';

/** Collects every Content-Security-Policy violation the page reports, from the first script on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
}

test('the UI loads and hydrates under the CSP with no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  for (const path of ['/', '/connections', '/connections/new', '/syncs', '/syncs/new']) {
    const response = await page.goto(path);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  }
  // Hydrated: client-side behaviour works (the URL paste fills the fields).
  await page.goto('/connections/new');
  await page.getByLabel('Connection URL (optional)').fill('mysql://app@db.internal:3307/shop?ssl-mode=REQUIRED');
  await expect(page.getByLabel('Host', { exact: true })).toHaveValue('db.internal');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('3307');
  await expect(page.getByLabel('Type')).toHaveValue('mysql');
  await expect(page.getByLabel('TLS')).toHaveValue('require');
  expect(await violations()).toEqual([]);
});

test('the UI refuses to be framed', async ({ page }) => {
  await page.goto('/');
  const origin = new URL(page.url()).origin;
  await page.setContent(`<iframe id="f" src="${origin}/"></iframe>`);
  // Blocked by frame-ancestors: the iframe never gets the app's navigation. (Looked up through the
  // iframe element: after setContent the top page keeps the app's URL, so a frame found by URL
  // could be the top page itself.)
  await page.waitForTimeout(1000);
  await expect(page.frameLocator('#f').getByRole('navigation', { name: 'Main' })).toHaveCount(0);
});
