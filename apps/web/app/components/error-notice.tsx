import type { AppErrorLike } from '../lib/app-error.js';
import { appCodeOf, messageOf } from '../lib/app-error.js';
import { Button } from './button.js';

/** The error look of a panel or form: what failed, the server's message and its code, and a retry. */
export function ErrorNotice({ title, error, onRetry }: { title: string; error: AppErrorLike; onRetry?: () => void }) {
  const code = appCodeOf(error);
  return (
    <div
      role="alert"
      className="m-4 flex flex-col gap-3 rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm sm:flex-row sm:items-start sm:justify-between"
    >
      <div>
        <p className="font-medium text-rose-900">{title}</p>
        <p className="mt-1 text-rose-800">
          {messageOf(error)}
          {code ? (
            <code className="ml-2 rounded bg-rose-100 px-1.5 py-0.5 font-mono text-xs text-rose-700">{code}</code>
          ) : null}
        </p>
      </div>
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
