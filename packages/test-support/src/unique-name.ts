import { randomBytes } from 'node:crypto';

/** A test-owned name, unique per call (e.g. `pc_api_3f9a1c2e`), so suites sharing a server never collide. */
export function uniqueName(prefix = 'pc_test'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}
