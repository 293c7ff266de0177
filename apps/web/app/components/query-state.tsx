import type { ReactNode } from 'react';
import type { AppErrorLike } from '../lib/app-error.js';
import { ErrorNotice } from './error-notice.js';
import { LoadingState } from './spinner.js';

/** What QueryState reads from a tRPC / TanStack query result. */
export interface QueryLike<T> {
  data: T | undefined;
  error: AppErrorLike | null;
  isPending: boolean;
  isError: boolean;
  refetch: () => unknown;
}

export interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** The loading look's words. */
  loadingLabel?: string;
  /** The error look's title; a function when it depends on the error (e.g. a missing row). */
  errorTitle: string | ((error: AppErrorLike) => string);
  /** Whether "Try again" can help; default yes. */
  canRetry?: (error: AppErrorLike) => boolean;
  /** The empty look; shown when `isEmpty(data)` (default: an empty array). */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  /** Wraps the loading, error and empty looks (e.g. in a Card) when the data view brings its own frame. */
  frame?: (look: ReactNode) => ReactNode;
  /** The data view. */
  children: (data: T) => ReactNode;
}

const isEmptyArray = (data: unknown) => Array.isArray(data) && data.length === 0;

/**
 * One ladder for every query-backed panel: loading, then error (with its code and a retry), then
 * empty, then the data. Pages say what each look says; the looks themselves live here.
 */
export function QueryState<T>(props: QueryStateProps<T>) {
  return <>{ladder(props)}</>;
}

function ladder<T>({
  query,
  loadingLabel,
  errorTitle,
  canRetry,
  empty,
  isEmpty = isEmptyArray,
  frame = (look) => look,
  children,
}: QueryStateProps<T>): ReactNode {
  if (query.isPending) return frame(<LoadingState label={loadingLabel} />);
  if (query.isError && query.error) {
    const error = query.error;
    return frame(
      <ErrorNotice
        title={typeof errorTitle === 'function' ? errorTitle(error) : errorTitle}
        error={error}
        onRetry={(canRetry?.(error) ?? true) ? () => void query.refetch() : undefined}
      />,
    );
  }
  const data = query.data as T;
  if (empty !== undefined && isEmpty(data)) return frame(empty);
  return children(data);
}
