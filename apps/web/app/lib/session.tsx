import { ACCESS, roleAllows } from '@pipecraft/api/access';
import { createContext, useContext } from 'react';
import type { RouterOutputs } from './trpc.js';

export type SessionUser = NonNullable<RouterOutputs['auth']['status']['user']>;

/** The signed-in user; null on the setup and sign-in pages. Provided by AuthGate. */
export const SessionContext = createContext<SessionUser | null>(null);

export function useSessionUser(): SessionUser | null {
  return useContext(SessionContext);
}

/**
 * Whether the signed-in user may call a procedure, from the API's own access table: the UI hides
 * what the server would refuse. The server still decides; this only keeps dead buttons away.
 */
export function useCan(procedure: keyof typeof ACCESS | string): boolean {
  const user = useSessionUser();
  const access = ACCESS[procedure];
  if (access === undefined) return false;
  if (access === 'public') return true;
  return user !== null && roleAllows(user.role, access);
}
