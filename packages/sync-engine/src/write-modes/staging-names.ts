import { createHash, randomBytes } from 'node:crypto';
import type { TableRef } from '../contract.js';

/**
 * Names of the tables a run makes beside a destination table: a fixed prefix per kind, a hash of
 * the live name (so any live name fits the 63/64-character limits) and a random suffix. The next
 * run for the same table finds leftovers of a killed run by the prefix and drops them.
 * - `_pc_s_…` full refresh's staging table (MySQL), `_pc_o_…` the old table it swapped out;
 * - `_pc_m_…` a merge's shared staging table and its missing keys (`…_d`), MySQL full merges with delete-missing.
 */
export function stagingNames(table: TableRef): {
  stagingPrefix: string;
  oldPrefix: string;
  mergePrefix: string;
  staging: string;
  old: string;
  merge: string;
  /** The random part shared by this run's names. */
  suffix: string;
} {
  const hash = createHash('sha1').update(table.table).digest('hex').slice(0, 10);
  const suffix = randomBytes(4).toString('hex');
  const stagingPrefix = `_pc_s_${hash}_`;
  const oldPrefix = `_pc_o_${hash}_`;
  const mergePrefix = `_pc_m_${hash}_`;
  return {
    stagingPrefix,
    oldPrefix,
    mergePrefix,
    staging: stagingPrefix + suffix,
    old: oldPrefix + suffix,
    merge: mergePrefix + suffix,
    suffix,
  };
}
