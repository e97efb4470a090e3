import { useEffect, useRef, useState } from 'preact/hooks';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { type FindingAction, FindingItem } from '../../components/FindingItem';
import { useForgetConfirm } from '../../components/use-forget-confirm';
import type { DeviceAction } from '../../utils/devices/actions';
import type { DeviceRow } from '../../utils/devices/view';
import { type SerializedError, toAppError } from '../../utils/errors';
import { openHistory } from '../../utils/history/store';
import type { HistoryEntry } from '../../utils/history/types';
import { sendMessage } from '../../utils/messages';
import { watchItem } from '../../utils/storage';
import {
  findingsVersion,
  groupFindings,
  type ReviewGroup,
  reviewTarget,
  WATCH_ACTIONS,
} from '../../utils/watch/review';

/** The findings read per kind: the Review view shows the newest; History has them all. */
const FINDINGS_PER_KIND = 200;

async function loadGroups(): Promise<ReviewGroup[]> {
  const history = await openHistory();
  const pages = await Promise.all(WATCH_ACTIONS.map((action) => history.query({ action, limit: FINDINGS_PER_KIND })));
  const { sessions, activeId } = await sendMessage({ type: 'session.list' });
  return groupFindings(
    pages.flatMap((p) => p.entries),
    sessions,
    activeId,
  );
}

/**
 * Review devices: what Watch found, grouped by account, newest first, each finding with Forget and
 * Don't remember at hand (through the account's session). A notification's click opens it at its device.
 */
export function ReviewSection() {
  const [groups, setGroups] = useState<ReviewGroup[]>();
  const [error, setError] = useState<SerializedError>();
  const [actions, setActions] = useState<Record<number, FindingAction>>({});
  const [target, setTarget] = useState(() => reviewTarget(location.hash));

  useEffect(() => {
    const reload = () => loadGroups().then(setGroups, (e: unknown) => setError(toAppError(e).toJSON()));
    void reload();
    const onHash = () => setTarget(reviewTarget(location.hash));
    addEventListener('hashchange', onHash);
    // Read the findings again when a check found something or the watched sessions changed (not at every write).
    let version: string | undefined;
    void watchItem.getValue().then((state) => {
      version ??= findingsVersion(state);
    });
    const unwatch = watchItem.watch((state) => {
      const next = findingsVersion(state);
      if (next === version) return;
      version = next;
      void reload();
    });
    return () => {
      removeEventListener('hashchange', onHash);
      unwatch();
    };
  }, []);

  const act = async (group: ReviewGroup, entry: HistoryEntry, action: DeviceAction) => {
    const key = entry.target?.deviceKey;
    if (!group.sessionId || !key) return;
    setActions((a) => ({ ...a, [entry.id]: { busy: true } }));
    try {
      const device = { key, ...(entry.target?.deviceName ? { name: entry.target.deviceName } : {}) };
      const result = await sendMessage({ type: 'devices.act', sessionId: group.sessionId, device, action });
      setActions((a) => ({ ...a, [entry.id]: { message: result.message } }));
    } catch (e) {
      setActions((a) => ({ ...a, [entry.id]: { error: toAppError(e).toJSON() } }));
    }
  };
  // The finding whose Forget is being confirmed (the dialog names its device).
  const asked = useRef<{ group: ReviewGroup; entry: HistoryEntry } | undefined>(undefined);
  const forget = useForgetConfirm(() => {
    if (asked.current) void act(asked.current.group, asked.current.entry, 'forget');
  });
  // The first finding of the targeted device is the one shown as the target; it is brought into view once.
  const targetId = target
    ? groups?.flatMap((g) => g.findings).find((e) => e.target?.deviceKey === target.deviceKey)?.id
    : undefined;
  useEffect(() => {
    const el = document.querySelector<HTMLElement>('[data-target]');
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [targetId]);

  if (error) return <ErrorNotice error={error} />;
  if (!groups) return <p class="muted section-placeholder">Loading…</p>;
  if (groups.length === 0)
    return (
      <EmptyState title="Nothing to review">
        Turn on Watch for a session (in the popup or on the Devices page): new devices, sign-ins from new IPs and
        devices removed elsewhere will be listed here.
      </EmptyState>
    );
  return (
    <div class="review">
      <p class="muted">
        What Watch found when it listed your accounts’ devices again, newest first. Act on a device from here; every
        finding is also in History.
      </p>
      {groups.map((group) => (
        <section key={group.key} class="panel" aria-labelledby={`review-${group.key}`}>
          <h3 id={`review-${group.key}`}>
            {group.username} <span class="muted small">{group.pool}</span>
          </h3>
          <ul class="findings" aria-label={`Findings for ${group.username}`}>
            {group.findings.map((entry) => (
              <FindingItem
                key={entry.id}
                entry={entry}
                target={entry.id === targetId}
                state={actions[entry.id]}
                {...(group.sessionId
                  ? {
                      onAction: (e: HistoryEntry, action: DeviceAction) => {
                        if (action !== 'forget') return void act(group, e, action);
                        asked.current = { group, entry: e };
                        forget.ask(findingRow(e));
                      },
                    }
                  : {})}
              />
            ))}
          </ul>
        </section>
      ))}
      {forget.dialog}
    </div>
  );
}

/** The device of a finding as the Forget dialog names it. */
function findingRow(entry: HistoryEntry): DeviceRow {
  const name = entry.target?.deviceName;
  return { key: entry.target?.deviceKey ?? '', ...(name ? { name } : {}), source: 'listed', isCurrent: false };
}
