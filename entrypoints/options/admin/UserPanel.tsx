import { useReducer, useState } from 'preact/hooks';
import { DeviceTable } from '../../../components/DeviceTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { UntrustedText } from '../../../components/UntrustedText';
import { useForgetConfirm } from '../../../components/use-forget-confirm';
import type { AdminUserDto } from '../../../utils/admin/messages';
import { describeUserStatus } from '../../../utils/admin/user-status';
import { actionDoneMessage, type DeviceAction } from '../../../utils/devices/actions';
import { devicesReducer, INITIAL_DEVICES_STATE } from '../../../utils/devices/page-state';
import { type DeviceRow, type DeviceSort, deviceLabel, nextSort, sortDeviceRows } from '../../../utils/devices/view';
import { toAppError } from '../../../utils/errors';
import { sendMessage } from '../../../utils/messages';
import { visibleText } from '../../../utils/untrusted-text';
import { useTask } from '../../../utils/use-task';

/** Find a user and act on all their devices (AdminListDevices sees not-remembered ones too). */
export function UserPanel() {
  const [attribute, setAttribute] = useState<'username' | 'email'>('username');
  const [prefix, setPrefix] = useState('');
  const [users, setUsers] = useState<AdminUserDto[]>([]);
  const [nextToken, setNextToken] = useState<string>();
  const [user, setUser] = useState<string>();
  // The one user's devices and each row's action state: the devices reducer of the user's own pages.
  const [table, dispatch] = useReducer(devicesReducer, INITIAL_DEVICES_STATE);
  const devices = table.listed;
  /** The admin view lists every device of the user: none is "known from history" only. */
  const shown = (listed: DeviceRow[]) =>
    dispatch({ type: 'loaded', result: { listed, knownOnly: [], fetchedAt: Date.now() } });
  const [sort, setSort] = useState<DeviceSort>({ key: 'lastAuthenticatedAt', direction: 'desc' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const forget = useForgetConfirm((row) => void perform(row, 'forget'));
  const [learned, setLearned] = useState<string>();
  const task = useTask();

  const search = (more: boolean) =>
    task.run(async () => {
      const page = await sendMessage({
        type: 'admin.users.search',
        attribute,
        prefix: prefix.trim(),
        ...(more && nextToken ? { paginationToken: nextToken } : {}),
      });
      setUsers(more ? [...users, ...page.users] : page.users);
      setNextToken(page.paginationToken);
    });
  const inspect = (username: string) =>
    task.run(async () => {
      setUser(username);
      setLearned(undefined);
      dispatch({ type: 'load' });
      try {
        const { devices: list } = await sendMessage({ type: 'admin.devices.list', username });
        shown(list.map((d): DeviceRow => ({ ...d, source: 'listed', isCurrent: false })));
      } catch (error) {
        dispatch({ type: 'loadFailed', error: toAppError(error).toJSON() });
        throw error;
      }
    });
  const perform = async (row: DeviceRow, action: DeviceAction) => {
    if (!user) return;
    dispatch({ type: 'act', key: row.key, action });
    try {
      const base = { username: user, deviceKey: row.key, deviceName: row.name, wasRemembered: row.remembered };
      if (action === 'forget') {
        const { alreadyForgotten } = await sendMessage({ type: 'admin.device.forget', ...base });
        shown(devices.filter((d) => d.key !== row.key));
        dispatch({ type: 'acted', key: row.key, action, message: actionDoneMessage(action, alreadyForgotten) });
        setLearned(undefined);
        return;
      }
      const { device } = await sendMessage({
        type: 'admin.device.setRemembered',
        ...base,
        remembered: action === 'remember',
      });
      shown(devices.map((d) => (d.key === row.key ? { ...device, source: 'listed', isCurrent: false } : d)));
      dispatch({ type: 'acted', key: row.key, action, message: actionDoneMessage(action) });
      setLearned(action === 'notRemember' ? deviceLabel(row) : undefined);
    } catch (e) {
      dispatch({ type: 'actFailed', key: row.key, action, error: toAppError(e).toJSON() });
    }
  };

  return (
    <section class="panel" aria-labelledby="admin-user-title">
      <h3 id="admin-user-title">One user</h3>
      <form
        class="form inline-form"
        aria-label="Find a user"
        onSubmit={(e) => {
          e.preventDefault();
          void search(false);
        }}
      >
        <label>
          Search by
          <select value={attribute} onChange={(e) => setAttribute(e.currentTarget.value as 'username' | 'email')}>
            <option value="username">Username prefix</option>
            <option value="email">Email prefix</option>
          </select>
        </label>
        <label>
          Starts with
          <input value={prefix} maxLength={200} onInput={(e) => setPrefix(e.currentTarget.value)} />
        </label>
        <div>
          <button type="submit" class="btn btn-primary" disabled={task.busy}>
            Search users
          </button>
        </div>
      </form>
      {task.error ? <ErrorNotice error={task.error} onRetry={task.retry} /> : null}
      {users.length > 0 ? (
        <ul class="admin-users" aria-label="Users found">
          {users.map((u) => (
            <li key={u.username}>
              <button type="button" class="btn btn-sm" onClick={() => void inspect(u.username)}>
                Inspect <UntrustedText text={u.username} />
              </button>{' '}
              <span class="muted">
                {[u.email, u.enabled === false ? 'disabled' : undefined].filter(Boolean).join(' · ')}
                {u.status ? (
                  <>
                    {u.email || u.enabled === false ? ' · ' : ''}
                    <span title={`Cognito status ${u.status}`}>{describeUserStatus(u.status)}</span>
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {nextToken ? (
        <button type="button" class="btn btn-sm" disabled={task.busy} onClick={() => void search(true)}>
          More users
        </button>
      ) : null}
      {user ? (
        <div class="admin-user-devices">
          <h4>
            Devices of{' '}
            <span class="mono">
              <UntrustedText text={user} />
            </span>{' '}
            ({devices.length})
          </h4>
          <p class="muted" title="Admin view: AdminListDevices. The user’s own view: ListDevices.">
            Admin view: every device Cognito tracks for this user, remembered or not. The user’s own device list shows
            remembered devices only.
          </p>
          {learned ? (
            <p class="notice notice-ok" role="status">
              <strong>What this shows:</strong> “<UntrustedText text={learned} />” is now not remembered. The user’s own
              device list no longer lists it, but it stays here in the admin view with “Not remembered”, and its
              sign-ins are no longer trusted to skip MFA.
            </p>
          ) : null}
          <DeviceTable
            rows={sortDeviceRows(devices, sort)}
            now={Date.now()}
            sort={sort}
            onSort={(key) => setSort((s) => nextSort(s, key))}
            selected={selected}
            onToggle={(key) =>
              setSelected((s) => {
                const next = new Set(s);
                if (!next.delete(key)) next.add(key);
                return next;
              })
            }
            onToggleAll={(all) => setSelected(all ? new Set(devices.map((d) => d.key)) : new Set())}
            states={table.rows}
            onAction={(key, action) => {
              const row = devices.find((d) => d.key === key);
              if (!row) return;
              if (action === 'forget') forget.ask(row);
              else void perform(row, action);
            }}
            caption={`Devices of ${visibleText(user)}`}
          />
        </div>
      ) : null}
      {forget.dialog}
    </section>
  );
}
