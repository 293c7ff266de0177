import type { ApiDeps } from './deps.js';
import type { Logger } from '@pipecraft/logger';

/** What every procedure sees. No request data: PipeCraft has no users yet. */
export interface Context {
  services: ApiDeps['services'];
  logger: Logger;
}

/** The per-request context; the Express adapter calls it as `createContext: () => createContext(deps)`. */
export function createContext(deps: ApiDeps): Context {
  return { services: deps.services, logger: deps.logger };
}
