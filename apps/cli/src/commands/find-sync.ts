import type { PipecraftApi, SyncDto } from '../api-port.js';
import { CliError } from '../cli-io.js';

/** A sync by its name (what people type) or its id (what scripts may hold). */
export async function findSync(api: PipecraftApi, nameOrId: string): Promise<SyncDto> {
  const syncs = await api.syncs.list();
  const found = syncs.find((sync) => sync.name === nameOrId) ?? syncs.find((sync) => sync.id === nameOrId);
  if (found) return found;
  const names = syncs.map((sync) => sync.name);
  throw new CliError(
    `No sync named "${nameOrId}" in ${api.description}.` +
      (names.length > 0 ? ` Syncs: ${names.join(', ')}.` : ' There are no syncs yet.'),
  );
}
