import { formatStamp } from '../utils/format';
import type { PublicSession } from '../utils/session/types';
import { visibleText } from '../utils/untrusted-text';
import { ExactTime } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

/** Props of {@link SessionList}. */
export interface SessionListProps {
  sessions: readonly PublicSession[];
  activeId: string | null;
  onSelect: (id: string) => void;
}

const SOURCE_LABEL = { page: 'Imported from a page', paste: 'Pasted', signIn: 'Signed in' } as const;

/** The sessions held by the extension; one is active, the others can be switched to. */
export function SessionList({ sessions, activeId, onSelect }: SessionListProps) {
  return (
    <ul class="session-list" aria-label="Sessions">
      {sessions.map((s) => {
        const active = s.id === activeId;
        return (
          <li key={s.id} class={active ? 'session-item active' : 'session-item'}>
            <span class="session-item-text">
              <strong>
                <UntrustedText text={s.username} />
              </strong>
              <span class="muted mono">
                <UntrustedText text={s.poolId ?? s.issuer} />
              </span>
              <span class="muted">
                {SOURCE_LABEL[s.source]}
                {s.origin ? (
                  <>
                    {' ('}
                    <UntrustedText text={s.origin} />)
                  </>
                ) : (
                  ''
                )}
                {' · '}
                <ExactTime time={s.refreshedAt ?? s.importedAt}>
                  {s.refreshedAt === undefined ? 'added' : 'refreshed'} {formatStamp(s.refreshedAt ?? s.importedAt)}
                </ExactTime>
                {s.status.state !== 'active' ? ` · ${s.status.state === 'expired' ? 'expired' : 'signed out'}` : ''}
              </span>
            </span>
            {active ? (
              <span class="badge badge-ok">Active</span>
            ) : (
              <button
                type="button"
                class="btn btn-sm"
                aria-label={`Use session of ${visibleText(s.username)}`}
                onClick={() => onSelect(s.id)}
              >
                Use
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
