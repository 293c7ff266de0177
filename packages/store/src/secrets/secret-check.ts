import type { EntityManager } from '@mikro-orm/core';
import { Connection, CONNECTION_SECRET_FIELDS } from '../entities/connection.js';
import { Webhook } from '../entities/webhook.js';
import type { SecretBox } from './secret-box.js';
import { SecretKeyError } from './secret-key.js';

/** How many sealed values the store holds, and one of each key id (`v1` values under `null`). */
export interface SealedInventory {
  count: number;
  /** Key id (or `null` for `v1`) → one value sealed under it. */
  samples: Map<string | null, string>;
}

/** Every sealed value's key id, read from the store (connections are few; one query). */
export async function inventorySealedValues(
  em: EntityManager,
  box: Pick<SecretBox, 'keyIdOfSealed'>,
): Promise<SealedInventory> {
  const rows = await em.find(Connection, {}, { fields: ['id', ...CONNECTION_SECRET_FIELDS] });
  const samples = new Map<string | null, string>();
  let count = 0;
  for (const row of rows) {
    for (const field of CONNECTION_SECRET_FIELDS) {
      const sealed = row[field];
      if (sealed === null || sealed === undefined) continue;
      count++;
      const kid = box.keyIdOfSealed(sealed);
      if (!samples.has(kid)) samples.set(kid, sealed);
    }
  }
  for (const webhook of await em.find(Webhook, {}, { fields: ['id', 'secretSealed'] })) {
    count++;
    const kid = box.keyIdOfSealed(webhook.secretSealed);
    if (!samples.has(kid)) samples.set(kid, webhook.secretSealed);
  }
  return { count, samples };
}

/**
 * Refuses to start with keys that cannot open what the store holds: one value per key id must
 * decrypt. The message names the key ids missing and where the keys came from.
 */
export function assertKeysOpenStore(inventory: SealedInventory, box: SecretBox, keySource: string): void {
  const unreadable: string[] = [];
  for (const [kid, sealed] of inventory.samples) {
    try {
      box.decrypt(sealed);
    } catch {
      unreadable.push(kid === null ? 'the key used before key ids (v1 values)' : `key id ${kid}`);
    }
  }
  if (unreadable.length === 0) return;
  throw new SecretKeyError(
    `The secret keys from ${keySource} (ids ${box.keyIds.join(', ')}) cannot decrypt the secrets in the store, which were sealed with ${unreadable.join(' and ')}. ` +
      'This is the wrong key: restore the key file (or PIPECRAFT_SECRET_KEY) that belongs to this store. PipeCraft will not start with it, so nothing is overwritten.',
  );
}
