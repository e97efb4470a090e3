import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { SerializedError } from '../utils/errors';
import { ErrorNotice } from './ErrorNotice';

/** Props of {@link FormError}. */
export interface FormErrorProps {
  error: SerializedError;
  action?: ComponentChildren;
  onRetry?: () => void;
}

/**
 * A form's own error, shown inside the form that failed (not at the top of
 * the page): a live region (the notice's role=alert), and focus moved to it
 * each time a new error comes, so keyboard and screen-reader users land on it.
 */
export function FormError({ error, action, onRetry }: FormErrorProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  return (
    <div ref={ref} class="form-error" tabIndex={-1}>
      <ErrorNotice error={error} action={action} onRetry={onRetry} />
    </div>
  );
}
