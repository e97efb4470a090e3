import { UntrustedText } from '../../../components/UntrustedText';
import { explainDeviceConfiguration } from '../../../utils/admin/credentials';
import type { AdminPoolInfo } from '../../../utils/admin/messages';

export function PoolFacts({ pool }: { pool: AdminPoolInfo }) {
  return (
    <div class="pool-facts">
      <p>
        Pool{' '}
        <strong>
          <UntrustedText text={pool.name ?? pool.poolId} />
        </strong>
        {pool.estimatedUsers !== undefined ? ` · about ${pool.estimatedUsers} users` : ''}
      </p>
      <table class="data-table">
        <caption>Device settings of this pool</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
            <th scope="col">What it means for users’ devices</th>
          </tr>
        </thead>
        <tbody>
          {explainDeviceConfiguration(pool.deviceConfiguration).map((row) => (
            <tr key={row.setting}>
              <th scope="row" class="mono">
                {row.setting}
              </th>
              <td>{row.value}</td>
              <td>{row.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
