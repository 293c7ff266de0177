import { rm } from 'node:fs/promises';

/** Removes the temp store the suite's server used; the databases are cleaned by each spec. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.PIPECRAFT_E2E_DATA_DIR;
  if (dir && dir.includes('pipecraft-e2e-')) await rm(dir, { recursive: true, force: true });
}
