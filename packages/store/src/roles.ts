/**
 * Every role, from least to most allowed: each role may do everything the ones before it may.
 * The one definition; the API's zod enum, its access table and the web's role select derive from it.
 * A leaf with no imports, so browsers can load it through `@pipecraft/store/terms`.
 */
export const ROLES = ['viewer', 'operator', 'editor', 'admin'] as const;

export type Role = (typeof ROLES)[number];
