import type { PipecraftApi, RunDto } from '../api-port.js';
import type { CliIo } from '../cli-io.js';
import { textTable } from '../text-table.js';
import { findSync } from './find-sync.js';

type Format = { json: boolean };

function print(io: CliIo, format: Format, data: unknown, header: string[], rows: string[][], empty: string): void {
  if (format.json) io.out(`${JSON.stringify(data, null, 2)}\n`);
  else io.out(rows.length === 0 ? `${empty}\n` : textTable(header, rows));
}

export async function listConnections(api: PipecraftApi, format: Format, io: CliIo): Promise<number> {
  const connections = await api.connections.list();
  print(
    io,
    format,
    connections,
    ['NAME', 'DIALECT', 'ADDRESS', 'USER', 'ROLE', 'LAST TEST'],
    connections.map((c) => [
      c.name,
      c.dialect,
      `${c.host}:${c.port}/${c.database}`,
      c.username,
      [c.isSource ? 'source' : '', c.isDestination ? 'destination' : ''].filter(Boolean).join('+'),
      c.lastTest ? (c.lastTest.ok ? 'ok' : (c.lastTest.code ?? 'failed')) : '-',
    ]),
    'No connections.',
  );
  return 0;
}

export async function listSyncs(api: PipecraftApi, format: Format, io: CliIo): Promise<number> {
  const syncs = await api.syncs.list();
  print(
    io,
    format,
    syncs,
    ['NAME', 'SOURCE', 'DESTINATION', 'WRITE MODE', 'LAST RUN'],
    syncs.map((s) => [
      s.name,
      `${s.source.connectionName}:${s.source.schema}.${s.source.table}`,
      `${s.destination.connectionName}:${s.destination.schema}.${s.destination.table}`,
      s.writeMode,
      s.lastRun ? `${s.lastRun.status} ${s.lastRun.createdAt.toISOString()}` : '-',
    ]),
    'No syncs.',
  );
  return 0;
}

export async function listRuns(
  api: PipecraftApi,
  options: Format & { sync: string | undefined; limit: number },
  io: CliIo,
): Promise<number> {
  let runs: RunDto[];
  if (options.sync) {
    const sync = await findSync(api, options.sync);
    runs = (await api.runs.list({ syncId: sync.id, limit: options.limit })).items;
  } else {
    runs = await api.runs.recent({ limit: options.limit });
  }
  print(
    io,
    options,
    runs,
    ['RUN', 'SYNC', 'STATUS', 'ROWS', 'STARTED', 'DURATION', 'ERROR'],
    runs.map((r) => [
      r.id,
      r.syncName,
      r.status,
      String(r.rowCount ?? r.rowsCopied),
      (r.startedAt ?? r.createdAt).toISOString(),
      r.durationMs === null ? '-' : `${(r.durationMs / 1000).toFixed(1)} s`,
      r.error ? `${r.error.code}: ${r.error.message}` : '',
    ]),
    'No runs.',
  );
  return 0;
}
