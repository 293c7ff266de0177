import type { RunnerErrorCode } from '@pipecraft/runner';
import type { EngineErrorCode } from '@pipecraft/sync-engine';

/**
 * What to do about a failed run, by its error code — the one table; run pages and the history
 * show the hint under the message. Keyed by every engine and runner code, so a new code without a
 * hint is a compile error. The message says what happened; the hint says what to try next.
 */
const RUN_ERROR_HINTS: Readonly<Record<EngineErrorCode | RunnerErrorCode | 'INTERNAL' | 'TIMEOUT', string>> = {
  CONNECTION_REFUSED:
    'Check that the database server is running and reachable from PipeCraft (host, port, firewall), then run again.',
  CONNECTION_TIMEOUT:
    'The server did not answer in time: check the host and port, a firewall or VPN in between, then run again.',
  AUTH_FAILED: 'Edit the connection and correct its user name or password, then test it.',
  INSECURE_AUTH: 'The server asked for a password over an unencrypted link: turn TLS on for this connection.',
  TLS_FAILED: "Check the connection's TLS mode and certificates against the server's setup.",
  SSH_FAILED: "Check the connection's SSH bastion: host, user, key and the bastion's host key.",
  DATABASE_NOT_FOUND: 'Edit the connection: the database it names does not exist on that server.',
  HOST_NOT_FOUND: "The host name does not resolve: correct it in the connection's settings.",
  SCHEMA_NOT_FOUND: 'Create the schema in the destination database, or edit the sync to write another one.',
  TABLE_NOT_FOUND: 'The source table is gone or renamed: edit the sync to point at the table that exists.',
  TYPE_UNSUPPORTED: 'A column has a type PipeCraft cannot copy; the preview on the sync page names it.',
  DESTINATION_MISMATCH:
    "The destination table's columns differ from the source's: when the source changed, set the sync's drift policy to add new columns or recreate the table (the run's schema changes say which); else drop or alter the destination table, or pick another.",
  ROW_REJECTED: 'The destination refused a row (a constraint or a value out of range); the message names it.',
  ROW_COUNT_MISMATCH:
    'The destination did not hold every row after the copy; nothing was kept. Run again, and report it if it repeats.',
  ABORTED: 'The run was stopped before it finished; the destination kept its previous rows. Run again when ready.',
  LOCK_TIMEOUT:
    'Another session held a lock on the destination table for too long: find the session the message names, or run at a quieter time.',
  SYNC_OPTIONS_INVALID:
    "The sync's mode options no longer fit the source table (a cursor or key column changed or is gone): edit the sync and choose them again.",
  DEADLOCK:
    'The database chose this run as a deadlock victim (another session wrote the same rows); the destination kept its previous rows. Run again, or set retries on the sync.',
  CONNECTION_LOST:
    'The connection dropped mid-run (server restart, network, or a killed session); the destination kept its previous rows. Run again.',
  PERMISSION_DENIED: "Grant the connection's user the privilege the message names, or use another user.",
  ENGINE_ERROR: 'The database refused a statement; the message has its words. Check the server log if it is unclear.',
  NOT_FOUND: 'The sync or a connection was deleted while the run waited.',
  RUN_ALREADY_ACTIVE: 'Wait for the active run to finish, then start again.',
  SHUTTING_DOWN: 'PipeCraft was stopping; start the run again once it is back.',
  SECRET_UNREADABLE:
    "A saved password cannot be decrypted with this server's secret key: restore the key, or enter the password again.",
  INTERRUPTED: 'PipeCraft stopped during the run; the destination kept its previous rows. Run again.',
  QUEUE_UNAVAILABLE:
    'The run queue (Redis) could not be reached; check PIPECRAFT_QUEUE_URL and that the queue is up, then run again.',
  CANCELLED: 'Cancelled on request; the destination kept its previous rows.',
  OUTCOME_UNKNOWN:
    'Check the destination table by hand, or simply run again: a full refresh replaces the rows whatever happened.',
  TIMEOUT: 'The database did not answer in time; check its load and run again.',
  INTERNAL: 'Something unexpected happened; the server log has the details. Run again, and report it if it repeats.',
};

/** The hint for a recorded error code; `null` for a code the table does not know (older records). */
export function hintFor(code: string): string | null {
  return Object.hasOwn(RUN_ERROR_HINTS, code) ? RUN_ERROR_HINTS[code as keyof typeof RUN_ERROR_HINTS] : null;
}
