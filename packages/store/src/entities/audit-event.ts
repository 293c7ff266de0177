import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';

/**
 * One line of the audit log: who did what to which thing, from where, and what changed.
 * Append-only: nothing in PipeCraft updates or deletes a row (no foreign keys either, so deleting a
 * user or a connection leaves its history intact).
 */
export class AuditEvent {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'at' | 'actorId' | 'actorEmail' | 'targetType' | 'targetId' | 'changesJson' | 'ip';
  id: string = randomUUID();
  at: Date = new Date();
  /** The user (or the token's owner); null for anonymous attempts such as a failed sign-in. */
  actorId: string | null = null;
  /** As typed (failed sign-in) or the user's email at the time; `token:<name>` is appended for tokens. */
  actorEmail: string | null = null;
  /** `<resource>.<verb>`, e.g. `connection.update`, `auth.sign_in_failed`. */
  action!: string;
  targetType: string | null = null;
  targetId: string | null = null;
  /** JSON `{ field: { before, after } }` of the changed public fields; never a secret. */
  changesJson: string | null = null;
  ip: string | null = null;
}

export const AuditEventSchema = new EntitySchema<AuditEvent>({
  class: AuditEvent,
  tableName: 'pc_audit_events',
  indexes: [
    { name: 'pc_audit_events_at_idx', properties: ['at'] },
    { name: 'pc_audit_events_actor_idx', properties: ['actorId', 'at'] },
  ],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    at: { type: 'datetime', length: 3 },
    actorId: { type: 'string', length: 36, nullable: true },
    actorEmail: { type: 'string', length: 400, nullable: true },
    action: { type: 'string', length: 64 },
    targetType: { type: 'string', length: 32, nullable: true },
    targetId: { type: 'string', length: 36, nullable: true },
    changesJson: { type: 'text', nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
  },
});
