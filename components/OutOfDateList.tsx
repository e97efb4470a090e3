import type { ComponentChildren } from 'preact';
import { formatExact } from '../utils/format';

/** Props of {@link OutOfDateList}. */
export interface OutOfDateListProps {
  /** When the list was last read (epoch ms); set only while a reload has failed since. */
  asOf?: number;
  children: ComponentChildren;
}

/**
 * A list shown before a failed reload stays, greyed and dated, instead of
 * being wiped: nothing the page knew is lost while Cognito cannot be asked.
 */
export function OutOfDateList({ asOf, children }: OutOfDateListProps) {
  return (
    <>
      {asOf !== undefined ? (
        <p class="muted out-of-date-note" role="note">
          As of {formatExact(asOf)}: Cognito could not be asked again, so what this list shows may have changed since.
        </p>
      ) : null}
      <div class={asOf !== undefined ? 'device-tables is-out-of-date' : 'device-tables'}>{children}</div>
    </>
  );
}
