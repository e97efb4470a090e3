import type { DeviceAction } from '../utils/devices/actions';
import { shortKey } from '../utils/devices/view';
import type { SerializedError } from '../utils/errors';
import type { HistoryEntry } from '../utils/history/types';
import { describeAction } from '../utils/history-labels';
import { visibleText } from '../utils/untrusted-text';
import { findingWords } from '../utils/watch/review';
import { ErrorNotice } from './ErrorNotice';
import { ExactTime } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

/** What happened to an action asked for on a finding's device. */
export type FindingAction = { busy: true } | { message: string } | { error: SerializedError };

/** Props of {@link FindingItem}. */
export interface FindingItemProps {
  entry: HistoryEntry;
  /** The device a notification's click asked to show: highlighted (the page scrolls to it and focuses it). */
  target: boolean;
  /** Undefined: no usable session of this account (then the actions say why they are not offered). */
  onAction?: (entry: HistoryEntry, action: DeviceAction) => void;
  state?: FindingAction;
}

/** One Watch finding: what changed, when, on which device, and Forget / Don't remember at hand. */
export function FindingItem({ entry, target, onAction, state }: FindingItemProps) {
  const name = entry.target?.deviceName;
  const key = entry.target?.deviceKey ?? '';
  const label = name ?? `Device ${shortKey(key)}`;
  const busy = state !== undefined && 'busy' in state;
  const at = entry.watch?.at ?? entry.time;
  return (
    <li
      class={target ? 'finding finding-target' : 'finding'}
      aria-label={visibleText(label)}
      tabIndex={target ? -1 : undefined}
      data-target={target ? '' : undefined}
      data-device-key={key}
    >
      <div class="finding-head">
        <strong>{describeAction(entry.action).replace(/^Watch: /, '')}</strong>
        <span class="muted small">
          <ExactTime time={at} />
        </span>
      </div>
      <p class="finding-device">
        <UntrustedText text={label} /> <span class="mono muted small">…{key.slice(-8)}</span>
      </p>
      <p class="muted small">{findingWords(entry)}</p>
      {onAction ? (
        <div class="actions">
          {entry.action === 'watch.gone' ? null : (
            <button type="button" class="btn btn-sm" disabled={busy} onClick={() => onAction(entry, 'notRemember')}>
              Don’t remember
            </button>
          )}
          <button type="button" class="btn btn-sm btn-danger" disabled={busy} onClick={() => onAction(entry, 'forget')}>
            Forget
          </button>
        </div>
      ) : (
        <p class="muted small">Import a session of this account to act on its devices.</p>
      )}
      {state && 'message' in state ? (
        <p class="notice notice-ok compact" role="status">
          {state.message}
        </p>
      ) : null}
      {state && 'error' in state ? <ErrorNotice error={state.error} compact /> : null}
    </li>
  );
}
