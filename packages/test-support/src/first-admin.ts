/** The admin the test server is set up with. */
const TEST_ADMIN = { email: 'admin@example.com', name: 'Admin', password: 'correct horse battery staple' };

/**
 * What a person does once in the browser (the setup page, then the Tokens page), done over HTTP:
 * creates the first admin and returns an admin API token named `tokenName`. Shared by the client's
 * and the CLI's tests, which drive a started server (`startServerProcess`) as an outside program does.
 */
export async function setupAndCreateToken(url: string, tokenName: string): Promise<string> {
  const post = (procedure: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ json }),
    });
  const setup = await post('auth.setup', TEST_ADMIN);
  if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await post('tokens.create', { name: tokenName, role: 'admin', expiresInDays: 1 }, { cookie });
  if (!created.ok) throw new Error(`token creation failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
}
