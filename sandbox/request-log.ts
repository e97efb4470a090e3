/**
 * The request log of `GET /_sandbox/requests`: one entry per `POST /`, in
 * arrival order, so tests can tell which flow a client took (USER_SRP_AUTH,
 * then PASSWORD_VERIFIER, DEVICE_SRP_AUTH, …). It never holds a secret: no
 * token, password, SRP value, signature, session or secret hash — only
 * names (operation, auth flow, challenge), ids (client, pool, device key),
 * the username, and the outcome. Bounded: the oldest entries go first.
 */
import type { RequestScope } from './request-scope';
import { CognitoError } from './wire';

/** One logged request. */
export interface RequestLogEntry {
  requestId: string;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  operation?: string;
  authFlow?: string;
  /** The challenge the request answered (RespondToAuthChallenge). */
  challengeName?: string;
  /** The challenge the sandbox answered with, if any. */
  answeredChallenge?: string;
  clientId?: string;
  poolId?: string;
  username?: string;
  /** DEVICE_KEY / DeviceKey the request carried. */
  deviceKey?: string;
  /** True when a sign-in answer carried NewDeviceMetadata. */
  newDevice?: boolean;
  /** True when a refresh answer carried a new (rotated) refresh token. */
  rotatedRefreshToken?: boolean;
  status?: number;
  errorType?: string;
  errorMessage?: string;
}

const MAX_ENTRIES = 2000;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Creates an empty log; `clock` gives epoch milliseconds. */
export function createRequestLog(clock: () => number = Date.now) {
  let entries: RequestLogEntry[] = [];
  return {
    /** Notes a request as it arrives. */
    start(requestId: string): RequestLogEntry {
      const entry: RequestLogEntry = { requestId, at: clock() };
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
      return entry;
    },
    /** Adds what the input tells about the flow (names and ids only). */
    describe(entry: RequestLogEntry, operation: string, input: Record<string, unknown>, scope: RequestScope): void {
      const params = (input.AuthParameters ?? input.ChallengeResponses ?? {}) as Record<string, unknown>;
      entry.operation = operation;
      entry.authFlow = str(input.AuthFlow);
      entry.challengeName = str(input.ChallengeName);
      entry.clientId = str(input.ClientId);
      entry.poolId = scope.pool?.id ?? str(input.UserPoolId);
      entry.username = scope.username;
      entry.deviceKey = str(params.DEVICE_KEY) ?? str(input.DeviceKey);
    },
    /** Notes a successful answer. */
    answered(entry: RequestLogEntry, result: unknown): void {
      const r = (result ?? {}) as { ChallengeName?: unknown; AuthenticationResult?: Record<string, unknown> };
      entry.status = 200;
      entry.answeredChallenge = str(r.ChallengeName);
      if (r.AuthenticationResult?.NewDeviceMetadata) entry.newDevice = true;
      if (entry.operation === 'GetTokensFromRefreshToken' && r.AuthenticationResult?.RefreshToken) {
        entry.rotatedRefreshToken = true;
      }
    },
    /** Notes an error answer (its type and message are never secret: messages echo no sensitive value). */
    failed(entry: RequestLogEntry, error: unknown): void {
      const e = error instanceof CognitoError ? error : undefined;
      entry.status = e?.status ?? 500;
      entry.errorType = e?.type ?? 'InternalErrorException';
      entry.errorMessage = e?.message;
    },
    entries: () => entries.map((e) => ({ ...e })),
    clear(): void {
      entries = [];
    },
  };
}
