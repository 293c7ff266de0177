import { useEffect } from 'react';
import type { RefObject } from 'react';

/**
 * After a submit comes back with field errors, move focus to the first invalid input, so a
 * keyboard or screen-reader user lands on the problem instead of hunting for it.
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, trigger: unknown): void {
  useEffect(() => {
    if (!trigger) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [formRef, trigger]);
}
