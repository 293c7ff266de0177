import { z } from 'zod';
import { ROLES } from '@pipecraft/store/terms';
import { idSchema, nameSchema } from './common.js';

export const roleSchema = z.enum(ROLES);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'An email is required.')
  .max(320, 'At most 320 characters.')
  .email('Not a valid email address.');

/** At least 12 characters (NIST SP 800-63B allows long passphrases; no composition rules). */
export const newPasswordSchema = z.string().min(12, 'At least 12 characters.').max(256, 'At most 256 characters.');

export const setupInput = z.object({ email: emailSchema, name: nameSchema, password: newPasswordSchema });

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().min(1, 'An email is required.').max(320),
  password: z.string().min(1, 'A password is required.').max(256),
});

export const userDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.date(),
});

/** Who is signed in, as the web sees it. */
export const sessionUserDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  via: z.enum(['session', 'token']),
});

export const authStatusOutput = z.object({
  /** True until the first admin exists: the web shows the setup page and nothing else works. */
  setupRequired: z.boolean(),
  user: sessionUserDto.nullable(),
});

export const createUserInput = z.object({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  role: roleSchema,
});

export const updateUserInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  /** Disabling also revokes the user's sessions; their tokens stop working while disabled. */
  disabled: z.boolean().optional(),
  password: newPasswordSchema.optional(),
});

export const tokenDto = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema,
  ownerEmail: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const createTokenInput = z.object({
  name: nameSchema,
  role: roleSchema,
  /** Days until it expires; null = never. */
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
});

export const createTokenOutput = z.object({
  /** The secret itself: shown this once, never stored. */
  token: z.string(),
  info: tokenDto,
});

export type SetupInput = z.infer<typeof setupInput>;
export type SignInInput = z.infer<typeof signInInput>;
export type UserDto = z.infer<typeof userDto>;
export type SessionUserDto = z.infer<typeof sessionUserDto>;
export type AuthStatusOutput = z.infer<typeof authStatusOutput>;
export type CreateUserInput = z.infer<typeof createUserInput>;
export type UpdateUserInput = z.infer<typeof updateUserInput>;
export type TokenDto = z.infer<typeof tokenDto>;
export type CreateTokenInput = z.input<typeof createTokenInput>;
export type CreateTokenOutput = z.infer<typeof createTokenOutput>;
