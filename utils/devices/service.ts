/**
 * The device service of the background worker: lists an account's devices
 * (merged with the history's memory of devices) and performs remember /
 * not-remember / forget, one at a time or in bulk. Every mutation is written
 * to the history before the call and completed after it. Dependencies are
 * injected; utils/devices/runtime.ts wires the real ones.
 */

import type { CognitoClient, Device } from '../cognito';
import { runDurableJob } from '../durable-runner';
import { AppError, toAppError } from '../errors';
import type { HistoryStore } from '../history/store';
import type { HistoryActor, KnownDevice } from '../history/types';
import { publicSession, rememberedStatus } from '../records';
import type { Session } from '../storage';
import { createRecorder, type SessionLookup, sessionEndpoint } from '../worker/context';
import { actionDoneMessage, type DeviceAction } from './actions';
import { type BulkJobSnapshot, interruptedJob } from './bulk-job';
import { tookEffect } from './durable-job';
import { noteListing } from './memory-note';
import type { DeviceActionResult, DeviceListResult, DeviceTarget } from './messages';
import { statusNow } from './reconcile-single';
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
  /**
   * The devices Cognito listed and what the history's memory knew before this listing (absent when the memory
   * could not be read): Watch compares the two without reading the memory a second time.
   */
  listWithMemory(input: { sessionId: string }): Promise<{ listed: DeviceDto[]; known?: readonly KnownDevice[] }>;
  act(input: { sessionId?: string; device: DeviceTarget; action: DeviceAction }): Promise<DeviceActionResult>;
  /** Start a bulk run in the background; progress goes to `publishBulk`. */
  startBulk(input: { sessionId?: string; devices: DeviceTarget[]; action: DeviceAction }): Promise<{ jobId: string }>;
  cancelBulk(input: { jobId: string }): Promise<{ cancelled: boolean }>;
  /** At worker start: a job still "running" was left by a worker that stopped; resume it (utils/durable-runner.ts). */
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
    const current = session.deviceKey ?? session.claims.deviceKey;
    const rows = buildDeviceRows(listing.listed, listing.known, current, listing.fetchedAt);
    const stale = staleDeviceKey ? { staleDeviceKey } : {};
    return { sessionId: session.id, session: publicSession(session), ...rows, fetchedAt: listing.fetchedAt, ...stale };
  }

  const draftOf = (actor: HistoryActor, device: DeviceTarget, action: DeviceAction, parentId?: number) => ({
    action: HISTORY_ACTION[action],
    mode: 'user' as const,
    actor,
    target: { deviceKey: device.key, ...(device.name ? { deviceName: device.name } : {}) },
    ...(rememberedStatus(device.remembered) ? { statusBefore: rememberedStatus(device.remembered) } : {}),
    ...(parentId !== undefined ? { parentId } : {}),
  });

  async function callOf(session: Session, device: DeviceTarget, action: DeviceAction) {
    const client = await deps.cognito(await endpointOf(session));
    const accessToken = session.tokens.accessToken;
    if (action === 'forget') return client.forgetDevice({ accessToken, deviceKey: device.key });
    await client.updateDeviceStatus({ accessToken, deviceKey: device.key, remembered: action === 'remember' });
    return { alreadyForgotten: false };
  }

  function fold(session: Session, device: DeviceTarget, action: DeviceAction) {
    const listing = listings.get(session.id);
    if (listing) {
      const folded = foldDeviceAction(listing, device, action, now(), listing.seen.get(device.key), listing.fetchedAt);
      listings.set(session.id, { ...listing, ...folded });
    }
  }

  async function perform(
    session: Session,
    device: DeviceTarget,
    action: DeviceAction,
  ): Promise<Omit<DeviceActionResult, 'list'>> {
    const { alreadyForgotten } = await record(draftOf(actorOf(session), device, action), () =>
      callOf(session, device, action),
    );
    fold(session, device, action);
    return { key: device.key, action, alreadyForgotten, message: actionDoneMessage(action, alreadyForgotten) };
  }

  /**
   * Run (or resume) a durable job. Without a session (`ended`: it is gone or expired) nothing is sent:
   * each open item is settled with the reason.
   */
  async function runJob(
    job: BulkJobSnapshot,
    session: Session | undefined,
    controller: AbortController,
    ended?: AppError,
  ): Promise<void> {
    const actor = job.actor ?? (session ? actorOf(session) : { pool: 'unknown' });
    const client = async () => {
      if (!session) throw ended ?? new AppError('ERR_SESSION_NONE', 'No session.');
      return { session, cognito: await deps.cognito(await endpointOf(session)) };
    };
    const getDevice = async (deviceKey: string) =>
      (await client()).cognito.getDevice({ accessToken: (session as Session).tokens.accessToken, deviceKey });
    try {
      await runDurableJob(job, {
        history: await deps.history(),
        draftOf: (device, parentId) => draftOf(actor, device, job.action, parentId),
        parentDraft: () => ({ action: 'bulk.run', mode: 'user', actor }),
        call: async (device) => callOf((await client()).session, device, job.action),
        check: (key) => statusNow(getDevice, key),
        tookEffect,
        onDone: (device) => void (session && fold(session, device, job.action)),
        save: (snapshot) => deps.publishBulk(snapshot),
        signal: controller.signal,
        now,
        ...(ended ? { ended } : {}),
      });
    } finally {
      running.delete(job.id);
    }
  }

  /** List a session's devices; `memoryRead` says whether the history's memory could be read for it. */
  async function listingOf(sessionId: string | undefined) {
    const session = usableSession(await deps.sessions.get(sessionId), now());
    const account = { pool: actorOf(session).pool, username: session.username };
    // The history's memory is read while Cognito answers; it is updated after the reply is built.
    const historyReady = deps.history();
    // The memory only adds devices: a failure to read it must not hide what Cognito listed.
    const knownReady = historyReady.then((h) =>
      h?.knownDevices(account).catch((error: unknown) => {
        console.warn(`History: ${toAppError(error, 'ERR_HISTORY_UNAVAILABLE').code}`);
        return undefined;
      }),
    );
    const client = await deps.cognito(await endpointOf(session));
    const listedAt = now();
    const listed: DeviceDto[] = [];
    for await (const device of client.listAllDevices({ accessToken: session.tokens.accessToken })) {
      listed.push(toDeviceDto(device as Device));
    }
    const memory = await knownReady;
    const known = memory ?? [];
    const seen = new Map(listings.get(session.id)?.seen);
    for (const d of listed) seen.set(d.key, d);
    const currentKey = session.deviceKey ?? session.claims.deviceKey;
    const getDevice = (deviceKey: string) => client.getDevice({ accessToken: session.tokens.accessToken, deviceKey });
    const stale = await isStaleDeviceKey({
      deviceKey: currentKey,
      listedKeys: listed.map((d) => d.key),
      known,
      getDevice,
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
    // After the answer has gone: the page need not wait for the memory to be written (its checks
    // of 60 names and the transaction would otherwise run before the reply is sent).
    if (history) defer(() => noteListing({ history, account, listed, listedAt, getDevice, now }));
    return { session, listing, memoryRead: memory !== undefined };
  }

  const service: DeviceService = {
    async list({ sessionId }) {
      const { session, listing } = await listingOf(sessionId);
      return answerOf(session, listing);
    },

    async listWithMemory({ sessionId }) {
      const { listing, memoryRead } = await listingOf(sessionId);
      return { listed: listing.listed, ...(memoryRead ? { known: listing.known } : {}) };
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
          items: devices.map((d) => ({
            key: d.key,
            ...(d.name ? { name: d.name } : {}),
            ...(d.remembered !== undefined ? { remembered: d.remembered } : {}),
            outcome: 'pending',
          })),
          startedAt: now(),
          actor: actorOf(session),
        };
        await deps.publishBulk({ ...job });
      } catch (error) {
        running.delete(id);
        throw error;
      }
      void runJob(job, session, controller);
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
      if (stale?.state !== 'running' || running.has(stale.id) || running.size > 0) return;
      const controller = new AbortController();
      running.set(stale.id, controller);
      const job = { ...structuredClone(stale), resumedAt: now() };
      // A session gone or expired cannot resume the run: each open item is settled with the reason instead.
      let session: Session | undefined;
      let ended: AppError | undefined;
      try {
        session = usableSession(await deps.sessions.get(stale.sessionId), now());
      } catch (error) {
        ended = toAppError(error);
      }
      await runJob(job, session, controller, ended);
    },
  };
  return service;
}
