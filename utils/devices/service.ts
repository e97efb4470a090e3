/**
 * The device service of the background worker: lists an account's devices
 * (merged with the history's memory of devices) and performs remember /
 * not-remember / forget, one at a time or in bulk. Every mutation is written
 * to the history before the call and completed after it. Dependencies are
 * injected; utils/devices/runtime.ts wires the real ones.
 */

import { runBulk } from '../bulk';
import type { CognitoClient, Device } from '../cognito';
import { AppError, toAppError } from '../errors';
import type { HistoryStore } from '../history/store';
import { listedFacts, publicSession, rememberedStatus } from '../records';
import type { Session } from '../storage';
import { createRecorder, type SessionLookup, sessionEndpoint } from '../worker/context';
import { actionDoneMessage, type DeviceAction } from './actions';
import { type BulkJobItem, type BulkJobSnapshot, bulkCompletion, interruptedJob } from './bulk-job';
import type { DeviceActionResult, DeviceListResult, DeviceTarget } from './messages';
import { actorOf, HISTORY_ACTION, usableSession } from './session-use';
import { isStaleDeviceKey } from './stale-device';
import { buildDeviceRows, type DeviceDto, type DeviceListing, foldDeviceAction, toDeviceDto } from './view';

export type { DeviceActionResult, DeviceListResult, DeviceTarget } from './messages';

type DeviceClient = Pick<CognitoClient, 'listAllDevices' | 'getDevice' | 'updateDeviceStatus' | 'forgetDevice'>;
/** The last listing, when it was fetched, and the session's device key if Cognito no longer knows it. */
type Listing = DeviceListing & { fetchedAt: number; staleDeviceKey?: string };

export interface DeviceServiceDeps {
  sessions: SessionLookup;
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

export interface DeviceService {
  list(input: { sessionId?: string }): Promise<DeviceListResult>;
  act(input: { sessionId?: string; device: DeviceTarget; action: DeviceAction }): Promise<DeviceActionResult>;
  /** Start a bulk run in the background; progress goes to `publishBulk`. */
  startBulk(input: { sessionId?: string; devices: DeviceTarget[]; action: DeviceAction }): Promise<{ jobId: string }>;
  cancelBulk(input: { jobId: string }): Promise<{ cancelled: boolean }>;
  /** At worker start: a bulk snapshot still "running" was left by a worker that stopped; mark it interrupted. */
  recoverBulk(): Promise<void>;
}

export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const defer = deps.defer ?? ((task: () => Promise<void>) => void setTimeout(task, 0));
  const running = new Map<string, AbortController>();
  const record = createRecorder(deps.history);
  // Where a session's calls go: the worker's one rule, recomputed from the issuer rather than trusted from storage.
  const endpointOf = (session: Session) => sessionEndpoint(session, deps.endpointOverride);

  // What this worker last listed per session, kept current by every action that succeeds.
  const listings = new Map<string, Listing & { seen: Map<string, DeviceDto> }>();

  function answerOf(session: Session, { staleDeviceKey, ...listing }: Listing): DeviceListResult {
    const rows = buildDeviceRows(listing.listed, listing.known, session.deviceKey ?? session.claims.deviceKey);
    const stale = staleDeviceKey ? { staleDeviceKey } : {};
    return { sessionId: session.id, session: publicSession(session), ...rows, fetchedAt: listing.fetchedAt, ...stale };
  }

  async function perform(
    session: Session,
    device: DeviceTarget,
    action: DeviceAction,
    parentId?: number,
  ): Promise<Omit<DeviceActionResult, 'list'>> {
    const client = await deps.cognito(await endpointOf(session));
    const accessToken = session.tokens.accessToken;
    const call = async (): Promise<{ alreadyForgotten: boolean }> => {
      if (action === 'forget') return client.forgetDevice({ accessToken, deviceKey: device.key });
      await client.updateDeviceStatus({ accessToken, deviceKey: device.key, remembered: action === 'remember' });
      return { alreadyForgotten: false };
    };
    const { alreadyForgotten } = await record(
      {
        action: HISTORY_ACTION[action],
        mode: 'user',
        actor: actorOf(session),
        target: { deviceKey: device.key, ...(device.name ? { deviceName: device.name } : {}) },
        ...(rememberedStatus(device.remembered) ? { statusBefore: rememberedStatus(device.remembered) } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
      },
      call,
    );
    const listing = listings.get(session.id);
    if (listing) {
      const folded = foldDeviceAction(listing, device, action, now(), listing.seen.get(device.key), listing.fetchedAt);
      listings.set(session.id, { ...listing, ...folded });
    }
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

  const service: DeviceService = {
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
      const client = await deps.cognito(await endpointOf(session));
      const listedAt = now();
      const listed: DeviceDto[] = [];
      for await (const device of client.listAllDevices({ accessToken: session.tokens.accessToken })) {
        listed.push(toDeviceDto(device as Device));
      }
      const known = await knownReady;
      const seen = new Map(listings.get(session.id)?.seen);
      for (const d of listed) seen.set(d.key, d);
      const currentKey = session.deviceKey ?? session.claims.deviceKey;
      const stale = await isStaleDeviceKey({
        deviceKey: currentKey,
        listedKeys: listed.map((d) => d.key),
        known,
        getDevice: (deviceKey) => client.getDevice({ accessToken: session.tokens.accessToken, deviceKey }),
      });
      const listing = {
        listed,
        known,
        fetchedAt: now(),
        seen,
        ...(stale && currentKey ? { staleDeviceKey: currentKey } : {}),
      };
      listings.set(session.id, listing);
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
                ...(rememberedStatus(d.remembered) ? { status: rememberedStatus(d.remembered) } : {}),
                ...listedFacts(d),
              })),
              { listedAt },
            )
            .catch((error: unknown) => console.warn(`History: ${toAppError(error, 'ERR_HISTORY_WRITE_FAILED').code}`)),
        );
      }
      return answerOf(session, listing);
    },

    async act({ sessionId, device, action }) {
      const session = usableSession(await deps.sessions.get(sessionId), now());
      const result = await perform(session, device, action);
      const listing = listings.get(session.id);
      // A worker that has not listed this session yet (it was restarted) lists it once.
      return { ...result, list: listing ? answerOf(session, listing) : await service.list({ sessionId: session.id }) };
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
      let job: BulkJobSnapshot;
      try {
        session = usableSession(await deps.sessions.get(sessionId), now());
        job = {
          id,
          sessionId: session.id,
          action,
          state: 'running',
          progress: { total: devices.length, done: 0, ok: 0, failed: 0, rate: 0 },
          items: devices.map((d) => ({ key: d.key, ...(d.name ? { name: d.name } : {}), outcome: 'pending' })),
          startedAt: now(),
        };
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
  return service;
}
