import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

/** The admin the first-run setup creates; every other spec runs signed in as them. */
export const ADMIN = { email: 'admin@example.com', name: 'Ada Admin', password: 'correct horse battery staple' };

/** Where the first-run project leaves the admin's signed-in browser state (cookies). */
export const ADMIN_STATE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.auth', 'admin.json');

/** Signs in through the sign-in page, the way a person does. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: new RegExp(email) })).toBeVisible();
}

/** A tRPC mutation over HTTP, as any script could send it: `{ status, appCode, data }`. */
export async function trpcMutation(
  request: Page['request'],
  procedure: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; appCode: string | null; data: unknown }> {
  const response = await request.post(`/trpc/${procedure}`, { data: { json: input }, headers });
  const body = (await response.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { data: { appCode?: string } } };
  };
  return {
    status: response.status(),
    appCode: body.error?.json.data.appCode ?? null,
    data: body.result?.data.json ?? null,
  };
}
