/**
 * The extension's pacing against the sandbox's quotas as Cognito counts them
 * (per account and Region by category, and 10 writes/s per user, an admin's
 * calls for one user included), at default
 * Settings and the sandbox's default quotas. Asserts counts from the sandbox's
 * request log — every write answered, none throttled — never wall-clock time;
 * the rates are printed by `npm run bench` (bench/cognito.bench.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkOneUser, openQuotaSandbox, type QuotaSandbox, remediateManyUsers } from './scenarios';

let env: QuotaSandbox;
beforeAll(async () => {
  env = await openQuotaSandbox(60);
});
afterAll(() => env?.close());

describe('pacing true to Cognito’s quotas', () => {
  it('one user’s bulk action of 60 UpdateDeviceStatus finishes with 0 TooManyRequests (per-user 10 writes/s)', async () => {
    const { job, log } = await bulkOneUser(env);
    expect(job.state).toBe('done');
    expect(job.progress).toMatchObject({ total: 60, ok: 60, failed: 0 });
    expect(log).toEqual({ ok: 60, throttled: 0, total: 60 });
  }, 60_000);

  it('an admin remediation of 300 devices across 100 users finishes with 0 TooManyRequests', async () => {
    const { job, log, users, writes } = await remediateManyUsers(env);
    expect(users).toBe(100);
    expect(writes).toBe(300);
    expect(job.state).toBe('done');
    expect(job.progress).toMatchObject({ total: 300, ok: 300, failed: 0 });
    expect(log).toEqual({ ok: 300, throttled: 0, total: 300 });
  }, 120_000);

  it('an admin remediation of one user’s 60 devices keeps that user under 10 writes/s: 0 TooManyRequests', async () => {
    const { job, log, users, writes } = await remediateManyUsers(env, { oneUser: true });
    expect(users).toBe(1);
    expect(writes).toBe(60);
    expect(job.state).toBe('done');
    expect(job.progress).toMatchObject({ total: 60, ok: 60, failed: 0 });
    // The sandbox counts AdminForgetDevice against the target user's 10 writes/s too (sandbox/quota.ts).
    expect(log).toEqual({ ok: 60, throttled: 0, total: 60 });
  }, 60_000);
});
