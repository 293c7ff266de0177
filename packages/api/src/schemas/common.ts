import { z } from 'zod';

/** Every id is a UUID string. */
export const idSchema = z.string().uuid('Not a valid id.');

export const byIdInput = z.object({ id: idSchema });

/** NUL and the other C0/C1 control characters: no store or database name takes them safely. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const NO_CONTROL_MESSAGE = 'Control characters (such as NUL, tab or newline) are not allowed.';

/** A string without control characters, with the field error the form shows. */
export function withoutControlCharacters(schema: z.ZodString) {
  return schema.refine((value) => !CONTROL_CHARACTERS.test(value), { message: NO_CONTROL_MESSAGE });
}

/** A user-chosen name: trimmed, non-empty, unique per kind (checked by the service). */
export const nameSchema = withoutControlCharacters(
  z.string().trim().min(1, 'A name is required.').max(200, 'At most 200 characters.'),
);

/** A schema, table or database name as the user's database spells it (not trimmed: spaces are legal). */
export const identifierSchema = withoutControlCharacters(
  z.string().min(1, 'Required.').max(255, 'At most 255 characters.'),
);
