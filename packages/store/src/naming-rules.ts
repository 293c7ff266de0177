/**
 * How a pipeline names each destination table from its source table: `same` name, or the name
 * with a `prefix` or `suffix` added. A leaf module (exported through `@pipecraft/store/terms`).
 */
export const NAMING_RULES = ['same', 'prefix', 'suffix'] as const;

export type NamingRule = (typeof NAMING_RULES)[number];
