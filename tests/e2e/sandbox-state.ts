/**
 * The sandbox's own view of the demo pool (its loopback `/_sandbox/state`
 * route), what the browser suites check every change against; and its quotas.
 */
import type { Sandbox } from '../../sandbox/server';
import { DEMO_POOL_ID } from '../../scripts/demo-app';

export interface StateDevice {
  key: string;
  name: string;
  remembered: boolean;
  createdAt: number;
  lastAuthenticatedAt: number | null;
}

export interface StatePool {
  id: string;
  users: { username: string; devices: StateDevice[] }[];
}

/** The demo pool as the sandbox holds it now. */
export async function demoPoolState(sandbox: Sandbox): Promise<StatePool | undefined> {
  const state = (await (await fetch(`${sandbox.endpoint}/_sandbox/state`)).json()) as { pools: StatePool[] };
  return state.pools.find((p) => p.id === DEMO_POOL_ID);
}

/** A user's devices in the demo pool, as the sandbox holds them now. */
export async function devicesOf(sandbox: Sandbox, username: string): Promise<StateDevice[]> {
  return (await demoPoolState(sandbox))?.users.find((u) => u.username === username)?.devices ?? [];
}

/** Lower (or raise) the sandbox's request quotas (its `/_sandbox/quotas` route). */
export async function setSandboxQuotas(sandbox: Sandbox, quotas: { read: number; write: number }): Promise<void> {
  const res = await fetch(`${sandbox.endpoint}/_sandbox/quotas`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(quotas),
  });
  if (res.status !== 200) throw new Error(`setting sandbox quotas failed: HTTP ${res.status}`);
}
