import { z } from 'zod';

export const auditListInput = z
  .object({
    /** Part of the actor's email. */
    actor: z.string().trim().max(320).optional(),
    /** An action (`auth.sign_in_failed`) or a group of them (`connection`). */
    action: z.string().trim().max(64).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.number().int().min(0).nullish(),
  })
  .default({});

export const auditEventDto = z.object({
  id: z.string(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  changes: z.record(z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
  ip: z.string().nullable(),
});

export const auditPageOutput = z.object({
  items: z.array(auditEventDto),
  nextCursor: z.number().int().nullable(),
  total: z.number().int(),
});

export type AuditListInput = z.infer<typeof auditListInput>;
export type AuditEventDto = z.infer<typeof auditEventDto>;
export type AuditPage = z.infer<typeof auditPageOutput>;
