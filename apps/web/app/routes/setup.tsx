import type { MetaFunction } from '@remix-run/node';
import { setupInput } from '@pipecraft/api/schemas';
import { Card } from '../components/card.js';
import { CredentialsForm } from '../components/credentials-form.js';
import { GeneralErrorBoundary } from '../components/error-boundary.js';
import { PageHeader } from '../components/page-header.js';
import { trpc } from '../lib/trpc.js';

export const meta: MetaFunction = () => [{ title: 'Set up · PipeCraft' }];

/** The first page of a new PipeCraft: creates the admin, once. */
export default function SetupPage() {
  const utils = trpc.useUtils();
  const setup = trpc.auth.setup.useMutation({ onSuccess: () => utils.auth.status.invalidate() });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader
        title="Welcome to PipeCraft"
        description="Create the administrator account. Until it exists, nothing else is reachable; afterwards this page is gone for good."
      />
      <Card>
        <CredentialsForm
          withName
          schema={setupInput}
          submitLabel="Create admin account"
          busy={setup.isPending}
          error={setup.error}
          passwordHint="At least 12 characters; a passphrase is fine."
          onSubmit={(input) => setup.mutate(input)}
        />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
