import type { ErrorCode } from '../utils/errors';
import { useErrorText } from '../utils/use-error-text';

/** Props of {@link ErrorTitle}. */
export interface ErrorTitleProps {
  code: ErrorCode;
}

/** The one-line title of an error code (the code itself for the few ms the words take to load). */
export function ErrorTitle({ code }: ErrorTitleProps) {
  return <>{useErrorText(code)?.title ?? code}</>;
}
