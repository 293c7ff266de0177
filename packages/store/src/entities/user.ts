import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { Role } from '../roles.js';

/** Someone who signs in to PipeCraft. */
export class User {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'disabled' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  /** Lower-cased, unique; what the user signs in with. */
  email!: string;
  name!: string;
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (see the API's password-hash.ts); never leaves the API. */
  passwordHash!: string;
  role!: Role;
  /** A disabled user cannot sign in, and their sessions and tokens stop working. */
  disabled = false;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'pc_users',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    email: { type: 'string', length: 320, unique: 'pc_users_email_unique' },
    name: { type: 'string', length: 200 },
    passwordHash: { type: 'string', length: 255 },
    role: { type: 'string', length: 16 },
    disabled: { type: 'boolean' },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
