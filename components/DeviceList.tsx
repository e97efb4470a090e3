import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { DeviceAction, RowActionState } from '../utils/devices/actions';
import { type DeviceRow, deviceLabel, shortKey } from '../utils/devices/view';
import { formatDate, formatExact, formatRelative } from '../utils/format';
import { collidingLabels, visibleText } from '../utils/untrusted-text';
import { DeviceActions, onDeviceActionClick } from './DeviceActions';
import { NewIpBadge } from './IpContext';
import { KnownAsOf } from './KnownFacts';
import { RememberedBadge } from './RememberedBadge';
import { ExactTime } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

/** Props of {@link DeviceList}. */
export interface DeviceListProps {
  rows: readonly DeviceRow[];
  /** Current time in ms, for relative times. */
  now: number;
  states: Readonly<Record<string, RowActionState>>;
  onAction: (key: string, action: DeviceAction) => void;
  /** Accessible name of the list. */
  label: string;
  /** Told, once the rows are in the document, how many are drawn (of `rows.length`). */
  onDrawn?: (drawn: number) => void;
}

/**
 * Rows the list's first draw holds: more than the popup shows (600 px high, under the session card).
 * The rest are drawn right after that first frame, so the rows in sight come before the rest are built.
 */
export const FIRST_DRAWN_ROWS = 12;

/**
 * The popup's compact device list: one two-line row per device (name and
 * status; when it last signed in, its last IP and the end of its key), so an
 * audit's worth of devices fits the popup. A row's actions, its creation date
 * and whole key open under it with its Actions button (and stay open while an
 * action runs or has a result to show). Names are untrusted text (see
 * UntrustedText); when two read alike, each row's aria-label adds its key's end.
 */
export function DeviceList({ rows, now, states, onAction, label, onDrawn }: DeviceListProps) {
  // The first rows (a screenful) first; the whole list from the frame after, and from then on.
  const [whole, setWhole] = useState(false);
  // The same array while the rows are: a re-render for another reason (a row opened) is no new draw.
  const drawn = useMemo(
    () => (whole || rows.length <= FIRST_DRAWN_ROWS ? rows : rows.slice(0, FIRST_DRAWN_ROWS)),
    [whole, rows],
  );
  useEffect(() => {
    if (!whole && rows.length > FIRST_DRAWN_ROWS) setWhole(true);
  }, [whole, rows.length]);
  useLayoutEffect(() => {
    if (drawn.length > 0) onDrawn?.(drawn.length);
  }, [drawn, onDrawn]);
  const lookAlike = collidingLabels(rows, (r) => r.key, deviceLabel);
  // The person's own open / close of a row; without one, a row is open while its action has a state.
  const [chosen, setChosen] = useState<ReadonlyMap<string, boolean>>(new Map());
  const isOpen = (key: string) => chosen.get(key) ?? states[key] !== undefined;
  const act = onDeviceActionClick(onAction);
  const onClick = (event: { target: EventTarget | null }) => {
    const toggle = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-toggle]') : null;
    const key = toggle?.dataset.toggle;
    if (!key) return act(event);
    setChosen((was) => new Map(was).set(key, !isOpen(key)));
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside are the controls (Enter and Space click them too); this only hears their clicks.
    <ul class="device-list" aria-label={label} onClick={onClick}>
      {drawn.map((row) => {
        const name = visibleText(deviceLabel(row));
        const expanded = isOpen(row.key);
        const moreId = `device-more-${row.key}`;
        return (
          <li
            key={row.key}
            class="device-row"
            aria-label={name + (lookAlike.has(row.key) ? ` (key …${shortKey(row.key)})` : '')}
            data-device-key={row.key}
          >
            <div class="device-line">
              <span class="device-name" title={name}>
                <UntrustedText text={deviceLabel(row)} />
              </span>
              {row.isCurrent ? <span class="badge badge-ok">This device</span> : null}
              <RememberedBadge remembered={row.remembered} inferred={row.rememberedInferred} />
              <button
                type="button"
                class="btn btn-sm btn-icon"
                data-toggle={row.key}
                aria-expanded={expanded}
                aria-controls={expanded ? moreId : undefined}
                aria-label={`Actions for ${name}`}
                title="Actions"
              >
                <span aria-hidden="true">{expanded ? '▴' : '▾'}</span>
              </button>
            </div>
            <p class="device-meta">
              <span class="visually-hidden">Last signed in </span>
              {row.lastAuthenticatedAt === undefined ? (
                <span>
                  {row.source === 'history' && row.factsAsOf === undefined ? 'not listed' : 'never signed in'}
                </span>
              ) : (
                <ExactTime
                  time={row.lastAuthenticatedAt}
                  title={`${formatExact(row.lastAuthenticatedAt)} (${formatRelative(row.lastAuthenticatedAt, now)})`}
                />
              )}
              <span aria-hidden="true"> · </span>
              <span class="visually-hidden">, last IP </span>
              <span class="mono">{row.lastIp ? <UntrustedText text={row.lastIp} /> : 'no IP'}</span>
              <NewIpBadge row={row} small />
              <span aria-hidden="true"> · </span>
              <span class="visually-hidden">, key ending </span>
              <span class="mono" title={visibleText(row.key)}>
                …<UntrustedText text={shortKey(row.key)} />
              </span>
            </p>
            {row.source === 'history' ? (
              <p class="device-as-of">
                <KnownAsOf row={row} />
              </p>
            ) : null}
            {expanded ? (
              <div id={moreId} class="device-more">
                <dl class="device-facts">
                  <dt>Last signed in</dt>
                  <dd>{row.lastAuthenticatedAt === undefined ? '—' : formatRelative(row.lastAuthenticatedAt, now)}</dd>
                  <dt>Created</dt>
                  <dd title={formatExact(row.createdAt)}>{formatDate(row.createdAt)}</dd>
                  <dt>Device key</dt>
                  <dd class="mono">
                    <UntrustedText text={row.key} />
                  </dd>
                </dl>
                <DeviceActions row={row} state={states[row.key]} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
