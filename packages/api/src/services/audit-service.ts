import { AuditEvent, type EntityManager, type FilterQuery, type Store } from '@pipecraft/store';
import type { AuditOrigin } from '../auth/actor.js';
import type { Changes } from '../auth/changes.js';
import type { AuditEventDto, AuditListInput, AuditPage } from '../schemas/audit.js';

export interface AuditEntry {
  action: string;
  target?: { type: string; id: string } | null;
  changes?: Changes | null;
}

/**
 * The audit log. `record` only persists into the caller's EntityManager, so the entry is written by
 * the same flush — one transaction — as the change it describes. Nothing updates or deletes entries.
 */
export class AuditService {
  readonly #store: Store;

  constructor(deps: { store: Store }) {
    this.#store = deps.store;
  }

  /** Adds an entry to `em`'s unit of work; the caller's flush writes it with the change. */
  record(em: EntityManager, origin: AuditOrigin, entry: AuditEntry, actorEmail?: string): AuditEvent {
    const actor = origin.actor;
    const who = actor ? (actor.via === 'token' ? `${actor.email} (token ${actor.tokenName})` : actor.email) : null;
    return em.create(AuditEvent, {
      actorId: actor?.userId ?? null,
      actorEmail: actorEmail ?? who,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      changesJson: entry.changes && Object.keys(entry.changes).length > 0 ? JSON.stringify(entry.changes) : null,
      ip: origin.ip,
    });
  }

  /** Newest first, filtered by actor (email substring), action (prefix) and time range. */
  async list(input: AuditListInput): Promise<AuditPage> {
    const where: FilterQuery<AuditEvent> & Record<string, unknown> = {};
    if (input.actor) where.actorEmail = { $like: `%${withoutWildcards(input.actor.toLowerCase())}%` };
    if (input.action) {
      // An exact action (`connection.update`) or a group (`connection`, `connection.`).
      const action = withoutWildcards(input.action).replace(/\.$/, '');
      where.$or = [{ action }, { action: { $like: `${action}.%` } }];
    }
    if (input.from || input.to) {
      where.at = { ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lte: input.to } : {}) };
    }
    const cursor = input.cursor ?? 0;
    const [rows, total] = await this.#store
      .em()
      .findAndCount(AuditEvent, where, { orderBy: { at: 'desc', id: 'asc' }, limit: input.limit, offset: cursor });
    const next = cursor + rows.length;
    return { items: rows.map(toAuditEventDto), nextCursor: next < total ? next : null, total };
  }
}

/**
 * LIKE escapes differ per store (SQLite has no default escape character), so `%` is dropped; a `_`
 * still matches any one character, which only ever widens a filter by a hair.
 */
function withoutWildcards(text: string): string {
  return text.replaceAll('%', '');
}

function toAuditEventDto(row: AuditEvent): AuditEventDto {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    changes: row.changesJson ? (JSON.parse(row.changesJson) as Changes) : null,
    ip: row.ip,
  };
}
