import { z } from 'zod';

/** Every id is a UUID string. */
export const idSchema = z.string().uuid('Not a valid id.');

export const byIdInput = z.object({ id: idSchema });

/** A user-chosen name: trimmed, non-empty, unique per kind (checked by the service). */
export const nameSchema = z.string().trim().min(1, 'A name is required.').max(200, 'At most 200 characters.');

/** A schema, table or database name as the user's database spells it (not trimmed: spaces are legal). */
export const identifierSchema = z.string().min(1, 'Required.').max(255, 'At most 255 characters.');
