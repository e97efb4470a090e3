import { Component, type ComponentChildren } from 'preact';
import { toAppError } from '../utils/errors';
import { ErrorNotice } from './ErrorNotice';

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  /** What failed, for the person: e.g. "the token details". */
  what: string;
  children: ComponentChildren;
}

interface ErrorBoundaryState {
  failed: boolean;
}

/**
 * Keeps a rendering failure inside one part of a page: that part is replaced
 * by an error notice with "Try again", and everything outside it (the
 * section's buttons, the other sections) stays usable. Nothing of the error
 * but its code is shown (it may come from untrusted data).
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false };

  static override getDerivedStateFromError(): ErrorBoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.warn(`Could not show ${this.props.what}:`, toAppError(error).code);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <ErrorNotice
        error={{ code: 'ERR_INTERNAL', message: 'ERR_INTERNAL', details: {} }}
        action={
          <>
            <span>Could not show {this.props.what}.</span>{' '}
            <button type="button" class="btn btn-sm" onClick={() => this.setState({ failed: false })}>
              Try again
            </button>
          </>
        }
      />
    );
  }
}
