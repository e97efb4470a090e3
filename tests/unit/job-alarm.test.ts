/**
 * The job alarm (utils/job-alarm.ts) over WXT's fake browser: kept while a durable job runs, cleared after,
 * and its checks run one after the other, so plan changes in a burst never create it twice.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { JOB_ALARM, keepJobAlarm } from '../../utils/job-alarm';
import { bulkJobItem, remediationJobItem } from '../../utils/storage';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('the job alarm', () => {
  it('is created once for a burst of plan changes while a job runs, and cleared when none does', async () => {
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    keepJobAlarm();
    await settle();
    expect(create).not.toHaveBeenCalled();
    const job = { state: 'running' } as never;
    // A burst: each write starts a check; unchained, each would find no alarm and create one.
    await Promise.all([bulkJobItem.setValue(job), remediationJobItem.setValue(job), bulkJobItem.setValue(job)]);
    await settle();
    expect(create).toHaveBeenCalledTimes(1);
    expect((await fakeBrowser.alarms.get(JOB_ALARM))?.periodInMinutes).toBe(0.5);
    await bulkJobItem.setValue(null);
    await settle();
    expect(await fakeBrowser.alarms.get(JOB_ALARM)).toBeDefined(); // the remediation still runs
    await remediationJobItem.setValue({ state: 'done' } as never);
    await settle();
    expect(await fakeBrowser.alarms.get(JOB_ALARM)).toBeUndefined();
  });
});
