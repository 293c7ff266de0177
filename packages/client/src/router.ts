/**
 * The router's types, the one place the client names `@pipecraft/api`. In the repository they come
 * from the API's source; the published package replaces this module with the same types spelled
 * out (scripts/router-types.ts), so it carries nothing of the server (decision 152).
 */
export type { AppRouter, RouterInputs, RouterOutputs } from '@pipecraft/api';
