import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSessionUser } from '../lib/session.js';
import { trpc } from '../lib/trpc.js';
import { Button } from './button.js';

/** Who is signed in, with their role, and the two ways out. */
export function UserMenu() {
  const user = useSessionUser();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const signedOut = async () => {
    // Nothing cached may outlive the session.
    queryClient.clear();
    window.location.assign('/sign-in');
  };
  const signOut = trpc.auth.signOut.useMutation({ onSuccess: signedOut });
  const everywhere = trpc.auth.signOutEverywhere.useMutation({ onSuccess: signedOut });
  if (!user) return null;
  return (
    <div className="relative">
      <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span>{user.email}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{user.role}</span>
      </Button>
      {open ? (
        <div className="absolute right-0 z-10 mt-1 flex w-56 flex-col gap-1 rounded-md border border-slate-200 bg-surface p-2 shadow-lg">
          <Button variant="ghost" size="sm" busy={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out
          </Button>
          <Button variant="ghost" size="sm" busy={everywhere.isPending} onClick={() => everywhere.mutate()}>
            Sign out everywhere
          </Button>
        </div>
      ) : null}
    </div>
  );
}
