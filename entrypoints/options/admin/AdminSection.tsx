import { useEffect, useState } from 'preact/hooks';
import { AdminCredentialsForm, type AdminCredentialsValues } from '../../../components/AdminCredentialsForm';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { AdminConnectionStatus, AdminPoolInfo } from '../../../utils/admin/messages';
import { cognitoHost, isCognitoRegion, regionOfPoolId } from '../../../utils/cognito';
import { sendMessage } from '../../../utils/messages';
import { requestHostAccess } from '../../../utils/permissions';
import { settingsItem } from '../../../utils/storage';
import { useTask } from '../../../utils/use-task';
import { AuditComparePanel } from './AuditComparePanel';
import { AuditPanel } from './AuditPanel';
import { PoolFacts } from './PoolFacts';
import { UserPanel } from './UserPanel';

/** The Admin section: credentials, one user's devices, the pool audit and its bulk remediation. */
export function AdminSection() {
  const [status, setStatus] = useState<AdminConnectionStatus>();
  const [pool, setPool] = useState<AdminPoolInfo>();
  const [override, setOverride] = useState('');
  const task = useTask();

  useEffect(() => {
    void task.run(async () => {
      const s = await sendMessage({ type: 'admin.status' });
      setStatus(s);
      if (s.connected) setPool((await sendMessage({ type: 'admin.describePool' })).pool);
    });
    void settingsItem.getValue().then((s) => setOverride(s.endpointOverride));
  }, []);

  const connect = (values: AdminCredentialsValues) => {
    // Synchronously first: a real region's host access needs this click's user gesture.
    const region = regionOfPoolId(values.poolId.trim());
    const access =
      !override && region && isCognitoRegion(region)
        ? requestHostAccess(`https://${cognitoHost(region)}`)
        : Promise.resolve(true);
    void task.run(async () => {
      await access;
      const result = await sendMessage({ type: 'admin.connect', ...values });
      setStatus(result.status);
      setPool(result.pool);
    });
  };
  const forget = () =>
    task.run(async () => {
      setStatus(await sendMessage({ type: 'admin.forget' }));
      setPool(undefined);
    });

  return (
    <div class="admin-section">
      <section class="panel" aria-labelledby="admin-credentials-title">
        <h3 id="admin-credentials-title">Credentials</h3>
        {status?.connected ? (
          <div>
            <p>
              Connected to <strong class="mono">{status.poolId}</strong> with access key{' '}
              <span class="mono">{status.accessKeyIdMasked}</span>
              {status.temporary ? ' (temporary)' : ''}. The secret is not shown.
            </p>
            <button type="button" class="btn" onClick={() => void forget()} disabled={task.busy}>
              Forget credentials
            </button>
          </div>
        ) : (
          <AdminCredentialsForm busy={task.busy} onSubmit={connect} />
        )}
        {task.error ? <ErrorNotice error={task.error} onRetry={task.retry} /> : null}
        {pool ? <PoolFacts pool={pool} /> : null}
      </section>
      {status?.connected ? <UserPanel /> : null}
      <AuditPanel connected={status?.connected === true} />
      <AuditComparePanel connected={status?.connected === true} />
    </div>
  );
}
