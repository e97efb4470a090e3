import type { ComponentChildren } from 'preact';
import type { SerializedError } from '../utils/errors';
import { useErrorText } from '../utils/use-error-text';
import { UntrustedText } from './UntrustedText';

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  error: SerializedError;
  /** Smaller rendering for lists. */
  compact?: boolean;
  /** Optional next step, e.g. a "Refresh session" button. */
  action?: ComponentChildren;
  /** Offered as a Retry button (where trying again may help: utils/transient.ts). */
  onRetry?: () => void;
}

/**
 * An error in words a person can act on: the title and remediation from the
 * one error table, the service's own name when the code is unknown, and the
 * request id for support. Everything is rendered as text.
 */
export function ErrorNotice({ error, compact = false, action, onRetry }: ErrorNoticeProps) {
  const text = useErrorText(error.code);
  const unknown = error.code === 'ERR_COGNITO_UNKNOWN';
  const title = text?.title ?? error.code;
  return (
    <div class={compact ? 'notice notice-error compact' : 'notice notice-error'} role="alert">
      <strong>
        {unknown && error.details.awsName ? (
          <>
            <UntrustedText text={error.details.awsName} />: {title}
          </>
        ) : (
          title
        )}
      </strong>
      <span>{text?.remediation ?? ''}</span>
      {error.details.field ? <span class="muted">Field: {error.details.field}</span> : null}
      {unknown && error.details.awsMessage ? (
        <span class="muted">
          <UntrustedText text={error.details.awsMessage} />
        </span>
      ) : null}
      {error.details.requestId ? (
        <span class="muted mono">
          Request id <UntrustedText text={error.details.requestId} />
        </span>
      ) : null}
      {action || onRetry ? (
        <div class="notice-action">
          {onRetry ? (
            <button type="button" class="btn btn-sm" onClick={onRetry}>
              Retry
            </button>
          ) : null}{' '}
          {action}
        </div>
      ) : null}
    </div>
  );
}
