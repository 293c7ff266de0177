import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/**
 * The one error boundary every route re-exports: a 404 reads as "not found", anything else as
 * an unexpected error with its message (never a stack in production).
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let title = 'Something went wrong';
  let detail = 'An unexpected error occurred while showing this page.';
  if (isRouteErrorResponse(error)) {
    title = error.status === 404 ? 'Page not found' : `${error.status} ${error.statusText}`;
    detail =
      error.status === 404 ? 'There is nothing at this address.' : typeof error.data === 'string' ? error.data : detail;
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <div
      role="alert"
      className="mx-auto max-w-lg rounded-xl bg-surface p-6 text-center shadow-sm ring-1 ring-slate-200"
    >
      <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{detail}</p>
      <Link
        to="/"
        className="mt-4 inline-block text-sm font-medium text-indigo-600 dark:text-indigo-300 hover:text-indigo-500"
      >
        Back to the overview
      </Link>
    </div>
  );
}
