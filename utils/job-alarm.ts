/**
 * A stopped worker wakes for a durable job. Chrome stops an extension's
 * service worker after an update, a crash or idle time, and starts it again
 * only for an event: a job left `running` would wait for the next click. So
 * while a user bulk run or an admin remediation is running, an alarm fires
 * every 30 s (Chrome's shortest period); the worker it wakes resumes the job at
 * start (background.ts), and a live worker ignores it. Cleared once no job runs.
 */
import { browser } from 'wxt/browser';
import { toAppError } from './errors';
import { bulkJobItem, remediationJobItem } from './storage';

export const JOB_ALARM = 'jobs.resume';

/** Whether any durable job is still running, as its stored plan says. */
export function anyJobRunning(bulk: { state: string } | null, remediation: { state: string } | null): boolean {
  return bulk?.state === 'running' || remediation?.state === 'running';
}

/** Keep the alarm while a job runs: checked now and at every change of either plan. */
export function keepJobAlarm(): void {
  const apply = async () => {
    const running = anyJobRunning(await bulkJobItem.getValue(), await remediationJobItem.getValue());
    const current = await browser.alarms.get(JOB_ALARM);
    if (running && !current) await browser.alarms.create(JOB_ALARM, { periodInMinutes: 0.5 });
    if (!running && current) await browser.alarms.clear(JOB_ALARM);
  };
  // One check at a time, each after the last: two at once could both find no alarm and both create one.
  let checks: Promise<void> = Promise.resolve();
  const check = () => {
    checks = checks.then(apply).catch((error: unknown) => console.warn(`Job alarm: ${toAppError(error).code}`));
  };
  check();
  bulkJobItem.watch(check);
  remediationJobItem.watch(check);
}
