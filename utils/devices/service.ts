/**
 * The device service of the background worker: lists an account's devices
 * (merged with the history's memory of devices) and performs remember /
 * not-remember / forget, one at a time or in bulk. Every mutation is written
 * to the history before the call and completed after it. Dependencies are
 * injected; utils/devices/runtime.ts wires the real ones.
 */
import type { CognitoClient, Device } from '../cognito';
import { AppError, toAppError } from '../errors';
import type { HistoryStore } from '../history/store';
import type { DeviceStatus, HistoryAction, HistoryActor } from '../history/types';
import type { SessionStore } from '../session/store';
import { type PublicSession, publicSession, type Session } from '../session/types';
import { classifyIssuer, endpointForIssuer } from '../token/issuer';
import { hasRequiredScope } from '../token/scope';
import { actionDoneMessage, type DeviceAction } from './actions';
import { runBulk } from './bulk';
import { type BulkJobItem, type BulkJobSnapshot, bulkCompletion, interruptedJob } from './bulk-job';
import { isStaleDeviceKey } from './stale-device';
import { buildDeviceRows, type DeviceDto, type DeviceRow, toDeviceDto } from './view';

type DeviceClient = Pick<CognitoClient, 'listAllDevices' | 'getDevice' | 'updateDeviceStatus' | 'forgetDevice'>;

export interface DeviceServiceDeps {
  sessions: Pick<SessionStore, 'get'>;
  /** A client for a session's endpoint (sharing one pacer per endpoint). */
  cognito: (endpoint: string) => Promise<DeviceClient>;
  /** Settings' endpoint override, checked to be loopback ('' when none). */
  endpointOverride: () => Promise<string>;
  /** The history log, or undefined when IndexedDB is unavailable (actions still run). */
  history: () => Promise<HistoryStore | undefined>;
  /** Publish the bulk job's snapshot (storage.session). */
  publishBulk: (snapshot: BulkJobSnapshot | null) => Promise<void>;
  /** The published snapshot, as a new worker finds it. */
  currentBulk?: () => Promise<BulkJobSnapshot | null>;
  now?: () => number;
  newId?: () => string;
  /** Run bookkeeping after the current answer has gone (default: in the next task). */
  defer?: (task: () => Promise<void>) => void;
}

/** One device to act on, with what the page knew of it. */
export interface DeviceTarget {
  key: string;
  name?: string;
  remembered?: boolean;
}

export interface DeviceListResult {
  sessionId: string;
  /** The session listed (without its tokens): a page can show it without asking again. */
  session: PublicSession;
  listed: DeviceRow[];
  knownOnly: DeviceRow[];
  fetchedAt: number;
  /** Set when the session's device key is one Cognito no longer knows (the app's device was forgotten). */
  staleDeviceKey?: string;
}

export interface DeviceActionResult {
  key: string;
  action: DeviceAction;
  alreadyForgotten: boolean;
  message: string;
}

export interface DeviceService {
  list(input: { sessionId?: string }): Promise<DeviceListResult>;
  act(input: { sessionId?: string; device: DeviceTarget; action: DeviceAction }): Promise<DeviceActionResult>;
  /** Start a bulk run in the background; progress goes to `publishBulk`. */
  startBulk(input: { sessionId?: string; devices: DeviceTarget[]; action: DeviceAction }): Promise<{ jobId: string }>;
  cancelBulk(input: { jobId: string }): Promise<{ cancelled: boolean }>;
  /** At worker start: a bulk snapshot still "running" was left by a worker that stopped; mark it interrupted. */
  recoverBulk(): Promise<void>;
}

const HISTORY_ACTION: Record<DeviceAction, HistoryAction> = {
  remember: 'device.remember',
  notRemember: 'device.notRemember',
  forget: 'device.forget',
};

function statusOf(remembered: boolean | undefined): DeviceStatus | undefined {
  return remembered === undefined ? undefined : remembered ? 'remembered' : 'not_remembered';
}

function actorOf(session: Session): HistoryActor {
  return {
    pool: session.poolId ?? session.claims.poolId ?? 'unknown',
    clientId: session.clientId,
    username: session.username,
    sub: session.claims.sub,
  };
}

/**
 * Where a session's calls go: its issuer's own endpoint, recomputed from the
 * issuer and the (loopback-only) override rather than trusted from storage.
 * An issuer this extension does not trust gets no call at all.
 */
function endpointOf(session: Session, override: string): string {
  if (classifyIssuer(session.issuer, override).trust === 'untrusted') {
    throw new AppError('ERR_TOKEN_ISSUER_UNTRUSTED', undefined, { details: { field: 'issuer' } });
  }
  return endpointForIssuer(session.issuer, override);
}

/** Refuse, before any call, a session that cannot list or change devices. */
function usableSession(session: Session, now: number): Session {
  if (session.status.state !== 'active') {
    throw new AppError(session.status.reason ?? 'ERR_SESSION_EXPIRED', undefined, {
      details: { field: 'session' },
    });
  }
  if (!hasRequiredScope(session.claims.scopes)) throw new AppError('ERR_TOKEN_SCOPE_MISSING');
  if (session.claims.expiresAt * 1000 <= now - session.clockDriftSec * 1000) throw new AppError('ERR_TOKEN_EXPIRED');
  return session;
}

export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const defer = deps.defer ?? ((task: () => Promise<void>) => void setTimeout(task, 0));
  const running = new Map<string, AbortController>();

  async function perform(
    session: Session,
    device: DeviceTarget,
    action: DeviceAction,
    parentId?: number,
  ): Promise<DeviceActionResult> {
    const client = await deps.cognito(endpointOf(session, await deps.endpointOverride()));
    const accessToken = session.tokens.accessToken;
    const call = async (): Promise<{ alreadyForgotten: boolean }> => {
      if (action === 'forget') return client.forgetDevice({ accessToken, deviceKey: device.key });
      await client.updateDeviceStatus({ accessToken, deviceKey: device.key, remembered: action === 'remember' });
      return { alreadyForgotten: false };
    };
    const history = await deps.history();
    const { alreadyForgotten } = history
      ? await history.recordAction(
          {
            action: HISTORY_ACTION[action],
            mode: 'user',
            actor: actorOf(session),
            target: { deviceKey: device.key, ...(device.name ? { deviceName: device.name } : {}) },
            ...(statusOf(device.remembered) ? { statusBefore: statusOf(device.remembered) } : {}),
            ...(parentId !== undefined ? { parentId } : {}),
          },
          call,
        )
      : await call();
    return { key: device.key, action, alreadyForgotten, message: actionDoneMessage(action, alreadyForgotten) };
  }

  async function runJob(
    job: BulkJobSnapshot,
    session: Session,
    devices: DeviceTarget[],
    controller: AbortController,
  ): Promise<void> {
    const byKey = new Map(devices.map((d) => [d.key, d]));
    const items = new Map<string, BulkJobItem>(job.items.map((i) => [i.key, i]));
    const setItem = (key: string, patch: Partial<BulkJobItem>) =>
      items.set(key, { ...(items.get(key) as BulkJobItem), ...patch });
    const publish = (patch: Partial<BulkJobSnapshot>) => {
      Object.assign(job, patch, { items: [...items.values()] });
      return deps.publishBulk({ ...job });
    };
    const history = await deps.history();
    // The parent entry; when it cannot be written, the devices are still acted on (each logged if possible).
    const parentId = await history
      ?.begin({ action: 'bulk.run', mode: 'user', actor: actorOf(session) })
      .catch((error: unknown) => {
        console.warn(`History: ${toAppError(error, 'ERR_HISTORY_WRITE_FAILED').code}`);
        return undefined;
      });
    try {
      // Cancelling stops starting new devices; a call already sent is let finish, so its result is known.
      const results = await runBulk(
        devices.map((d) => d.key),
        async (key) => {
          try {
            const result = await perform(session, byKey.get(key) as DeviceTarget, job.action, parentId);
            setItem(key, { outcome: 'ok', alreadyForgotten: result.alreadyForgotten });
            return result;
          } catch (error) {
            setItem(key, { outcome: 'failed', errorCode: toAppError(error).code });
            throw error;
          }
        },
        { signal: controller.signal, onProgress: (progress) => void publish({ progress }), now },
      );
      for (const r of results) if (r.outcome === 'cancelled') setItem(r.key, { outcome: 'cancelled' });
    } finally {
      running.delete(job.id);
      const all = [...items.values()];
      const failed = all.filter((i) => i.outcome === 'failed');
      const notStarted = all.filter((i) => i.outcome === 'cancelled' || i.outcome === 'pending').length;
      if (history && parentId !== undefined) {
        const counts = { total: all.length, ok: all.filter((i) => i.outcome === 'ok').length, failed: failed.length };
        await history
          .complete(parentId, bulkCompletion(counts, notStarted, failed[0]?.errorCode))
          .catch((error: unknown) => console.warn(`History: ${toAppError(error, 'ERR_HISTORY_WRITE_FAILED').code}`));
      }
      await publish({ state: controller.signal.aborted ? 'cancelled' : 'done', finishedAt: now() });
    }
  }

  return {
    async list({ sessionId }) {
      const session = usableSession(await deps.sessions.get(sessionId), now());
      const account = { pool: actorOf(session).pool, username: session.username };
      // The history's memory is read while Cognito answers; it is updated after the reply is built.
      const historyReady = deps.history();
      // The memory only adds devices: a failure to read it must not hide what Cognito listed.
      const knownReady = historyReady.then((h) =>
        h
          ? h.knownDevices(account).catch((error: unknown) => {
              console.warn(`History: ${toAppError(error, 'ERR_HISTORY_UNAVAILABLE').code}`);
              return [];
            })
          : [],
      );
      const client = await deps.cognito(endpointOf(session, await deps.endpointOverride()));
      const listedAt = now();
      const listed: DeviceDto[] = [];
      for await (const device of client.listAllDevices({ accessToken: session.tokens.accessToken })) {
        listed.push(toDeviceDto(device as Device));
      }
      const known = await knownReady;
      const currentKey = session.deviceKey ?? session.claims.deviceKey;
      const rows = buildDeviceRows(listed, known, currentKey);
      const stale = await isStaleDeviceKey({
        deviceKey: currentKey,
        listedKeys: listed.map((d) => d.key),
        known,
        getDevice: (deviceKey) => client.getDevice({ accessToken: session.tokens.accessToken, deviceKey }),
      });
      const history = await historyReady;
      if (history) {
        // After the answer has gone: the page need not wait for the memory to be written (its checks
        // of 60 names and the transaction would otherwise run before the reply is sent).
        defer(() =>
          history
            .noteListedDevices(
              account,
              listed.map((d) => ({
                deviceKey: d.key,
                ...(d.name ? { deviceName: d.name } : {}),
                ...(statusOf(d.remembered) ? { status: statusOf(d.remembered) } : {}),
              })),
              { listedAt },
            )
            .catch((error: unknown) => console.warn(`History: ${toAppError(error, 'ERR_HISTORY_WRITE_FAILED').code}`)),
        );
      }
      return {
        sessionId: session.id,
        session: publicSession(session),
        ...rows,
        fetchedAt: now(),
        ...(stale && currentKey ? { staleDeviceKey: currentKey } : {}),
      };
    },

    async act({ sessionId, device, action }) {
      const session = usableSession(await deps.sessions.get(sessionId), now());
      return perform(session, device, action);
    },

    async startBulk({ sessionId, devices, action }) {
      if (devices.length === 0) {
        throw new AppError('ERR_INVALID_INPUT', 'Select at least one device.', { details: { field: 'devices' } });
      }
      if (running.size > 0) {
        throw new AppError('ERR_INVALID_INPUT', 'A bulk action is already running. Wait for it or cancel it.', {
          details: { field: 'devices' },
        });
      }
      // Registered before any await: a second start meanwhile is refused.
      const id = newId();
      const controller = new AbortController();
      running.set(id, controller);
      let session: Session;
      try {
        session = usableSession(await deps.sessions.get(sessionId), now());
      } catch (error) {
        running.delete(id);
        throw error;
      }
      const job: BulkJobSnapshot = {
        id,
        sessionId: session.id,
        action,
        state: 'running',
        progress: { total: devices.length, done: 0, ok: 0, failed: 0, rate: 0 },
        items: devices.map((d) => ({ key: d.key, ...(d.name ? { name: d.name } : {}), outcome: 'pending' })),
        startedAt: now(),
      };
      try {
        await deps.publishBulk({ ...job });
      } catch (error) {
        running.delete(id);
        throw error;
      }
      void runJob(job, session, devices, controller);
      return { jobId: job.id };
    },

    async cancelBulk({ jobId }) {
      const controller = running.get(jobId);
      if (controller) {
        controller.abort();
        return { cancelled: true };
      }
      // Not running here: a snapshot left by a worker that stopped is settled, so the page is not stuck.
      const stale = await deps.currentBulk?.();
      if (stale?.id === jobId && stale.state === 'running') {
        await deps.publishBulk(interruptedJob(stale, now()));
        return { cancelled: true };
      }
      return { cancelled: false };
    },

    async recoverBulk() {
      const stale = await deps.currentBulk?.();
      if (stale?.state === 'running' && !running.has(stale.id)) await deps.publishBulk(interruptedJob(stale, now()));
    },
  };
}
