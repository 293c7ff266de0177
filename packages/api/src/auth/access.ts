import { ROLES, type Role } from '@pipecraft/store/terms';

/**
 * Browser-safe (`@pipecraft/api/access`): the web hides what a role may not do from this same table.
 */
/** Who may call a procedure: `public` = anyone, even before setup; a role = that role or a higher one. */
export type Access = 'public' | Role;

/**
 * THE table of who may call what, keyed by procedure path. The one middleware in trpc.ts reads it;
 * a procedure missing here is refused to everybody (and fails the access test), so adding a
 * procedure means deciding its row here and in docs/security.md.
 */
export const ACCESS: Readonly<Record<string, Access>> = {
  'auth.status': 'public',
  'auth.setup': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'viewer',
  'auth.signOutEverywhere': 'viewer',

  'meta.dialects': 'viewer',
  'meta.writeModes': 'viewer',

  'connections.list': 'viewer',
  'connections.get': 'viewer',
  'connections.create': 'editor',
  'connections.update': 'editor',
  'connections.delete': 'editor',
  'connections.test': 'editor',
  'connections.testDraft': 'editor',

  'discovery.schemas': 'editor',
  'discovery.tables': 'editor',
  'discovery.columns': 'editor',

  'syncs.list': 'viewer',
  'syncs.get': 'viewer',
  'syncs.create': 'editor',
  'syncs.update': 'editor',
  'syncs.delete': 'editor',
  'syncs.preview': 'editor',
  'syncs.resetWatermark': 'editor',
  'syncs.setWatermark': 'editor',

  'runs.start': 'operator',
  'runs.cancel': 'operator',
  'runs.get': 'viewer',
  'runs.list': 'viewer',
  'runs.recent': 'viewer',

  'pipelines.list': 'viewer',
  'pipelines.get': 'viewer',
  'pipelines.preview': 'editor',
  'pipelines.create': 'editor',
  'pipelines.run': 'operator',
  'pipelines.delete': 'editor',

  'schedules.get': 'viewer',
  'schedules.explain': 'viewer',
  'schedules.save': 'editor',
  'schedules.setPaused': 'operator',
  'schedules.delete': 'editor',

  'users.list': 'admin',
  'users.create': 'admin',
  'users.update': 'admin',

  'tokens.list': 'admin',
  'tokens.create': 'admin',
  'tokens.revoke': 'admin',

  'audit.list': 'admin',

  'webhooks.list': 'admin',
  'webhooks.create': 'admin',
  'webhooks.update': 'admin',
  'webhooks.delete': 'admin',
  'webhooks.test': 'admin',
  'webhooks.deliveries': 'admin',
  'workers.list': 'operator',
};

/** Whether `role` reaches `required` (roles are ordered: each includes the ones before it). */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** The lower of two roles (a token never exceeds its owner). */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}
