import type { MetaFunction } from '@remix-run/node';
import { signInInput } from '@pipecraft/api/schemas';
import { Card } from '../components/card.js';
import { CredentialsForm } from '../components/credentials-form.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Sign in · PipeCraft' }];

export default function SignInPage() {
  const utils = trpc.useUtils();
  const signIn = trpc.auth.signIn.useMutation({ onSuccess: () => utils.auth.status.invalidate() });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Sign in" description="Sign in to PipeCraft with the account an admin gave you." />
      <Card>
        <CredentialsForm
          withName={false}
          schema={signInInput}
          submitLabel="Sign in"
          busy={signIn.isPending}
          error={signIn.error}
          onSubmit={(input) => signIn.mutate(input)}
        />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
