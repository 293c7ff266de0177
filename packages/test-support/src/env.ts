/**
 * The one place test code reads the environment. One rule for every variable: unset or empty
 * (`PIPECRAFT_TEST_PG_URL=`) means the default, so `VAR= npm test` and `npm test` agree.
 */
export function testEnv(name: string, fallback: string): string;
export function testEnv(name: string): string | undefined;
export function testEnv(name: string, fallback?: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : fallback;
}
