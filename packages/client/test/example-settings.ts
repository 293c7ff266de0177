import type { TestServer } from '@pipecraft/test-support';

/** The README example's EXAMPLE_<KIND>_* settings for the server the suite is pointed at. */
export function exampleServerEnv(kind: 'PG' | 'MYSQL', server: TestServer): Record<string, string> {
  return {
    [`EXAMPLE_${kind}_HOST`]: server.host,
    [`EXAMPLE_${kind}_PORT`]: String(server.port),
    [`EXAMPLE_${kind}_DATABASE`]: server.database,
    [`EXAMPLE_${kind}_USER`]: server.user,
    [`EXAMPLE_${kind}_PASSWORD`]: server.password,
  };
}
