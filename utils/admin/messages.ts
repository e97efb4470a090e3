/**
 * What admin mode sends between the Admin page and the background worker:
 * the `admin.*` messages (merged into utils/messages.ts MessageMap) and their
 * DTOs. No DTO carries a secret: credentials go in once (`admin.connect`) and
 * come back only as a masked access key id.
 */

import type { AuditStatus, DeviceDto } from '../storage';
import type { CompareKind, ComparisonPage } from './audit-compare';
import type { AuditExportChunk } from './audit-export';
import type { RemediationAction, RemediationJob, RemediationTarget } from './remediation';
import type { AuditDevicePage, AuditFilter, AuditReport } from './report';

/** The pool admin mode is connected to, as DescribeUserPool told it. */
export interface AdminPoolInfo {
  readonly poolId: string;
  readonly name?: string;
  readonly endpoint: string;
  readonly estimatedUsers?: number;
  readonly deviceConfiguration?: {
    readonly challengeRequiredOnNewDevice: boolean;
    readonly deviceOnlyRememberedOnUserPrompt: boolean;
  };
}

/** Admin mode's state for the page: never the secret. */
export interface AdminConnectionStatus {
  readonly connected: boolean;
  readonly poolId?: string;
  /** e.g. `AKIA…0001`. */
  readonly accessKeyIdMasked?: string;
  readonly temporary?: boolean;
}

/** A user as the search shows it. */
export interface AdminUserDto {
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  readonly status?: string;
  readonly enabled?: boolean;
}

export type { AuditStatus } from '../storage';

/** A finished audit kept for comparison (counts only). */
export interface KeptAudit {
  readonly id: string;
  readonly poolId: string;
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly users: number;
  readonly devices: number;
}

/** A kept audit with its idle total, as `admin.audit.kept` answers (the trend chart's data). */
export interface KeptAuditTotals extends KeptAudit {
  /** Devices idle for over `KEPT_STALE_DAYS` days (utils/admin/report.ts) when the audit finished. */
  readonly stale: number;
}

/** The admin messages. */
export interface AdminMessageMap {
  'admin.status': { request: Record<never, never>; response: AdminConnectionStatus };
  /** Check credentials (DescribeUserPool) and keep them in storage.session when they work. */
  'admin.connect': {
    request: { poolId: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    response: { status: AdminConnectionStatus; pool: AdminPoolInfo };
  };
  /** DescribeUserPool again with the kept credentials. */
  'admin.describePool': { request: Record<never, never>; response: { pool: AdminPoolInfo } };
  'admin.forget': { request: Record<never, never>; response: AdminConnectionStatus };
  'admin.users.search': {
    request: { attribute: 'username' | 'email'; prefix: string; paginationToken?: string };
    response: { users: AdminUserDto[]; paginationToken?: string };
  };
  'admin.devices.list': { request: { username: string }; response: { devices: DeviceDto[] } };
  'admin.device.get': { request: { username: string; deviceKey: string }; response: { device: DeviceDto } };
  'admin.device.setRemembered': {
    request: { username: string; deviceKey: string; remembered: boolean; deviceName?: string; wasRemembered?: boolean };
    response: { device: DeviceDto };
  };
  'admin.device.forget': {
    request: { username: string; deviceKey: string; deviceName?: string; wasRemembered?: boolean };
    response: { alreadyForgotten: boolean };
  };
  'admin.audit.start': { request: Record<never, never>; response: AuditStatus };
  /** The latest run of the connected pool (or the given one); null when none. */
  'admin.audit.status': { request: { runId?: string }; response: AuditStatus | null };
  'admin.audit.pause': { request: { runId: string }; response: AuditStatus };
  'admin.audit.resume': { request: { runId: string }; response: AuditStatus };
  'admin.audit.cancel': { request: { runId: string }; response: AuditStatus };
  'admin.audit.report': { request: { runId: string; staleDays: number }; response: AuditReport };
  'admin.audit.devices': {
    request: { runId: string; filter: AuditFilter; limit: number; after?: string };
    response: AuditDevicePage;
  };
  /**
   * One chunk of the report's devices as a file (audit-export.ts): the first without a cursor, the next ones
   * with the `after`, `asOf` and `count` of the chunk before, until one brings the file's `ends`.
   */
  'admin.audit.export': {
    request: {
      runId: string;
      filter: AuditFilter;
      format: 'csv' | 'json';
      after?: string;
      asOf?: number;
      count?: number;
    };
    response: AuditExportChunk & { filename: string; mimeType: string };
  };
  /** The finished audits of the connected pool, newest first. */
  'admin.audit.kept': { request: Record<never, never>; response: { audits: KeptAuditTotals[] } };
  /** Two finished audits compared: every count, the top `top` growers, one page of `kind`'s rows. */
  'admin.audit.compare': {
    request: { fromRunId: string; toRunId: string; kind: CompareKind; offset: number; limit: number; top: number };
    response: ComparisonPage & { from: KeptAudit; to: KeptAudit };
  };
  /**
   * One kind of change of two audits compared, as the panel's table, in a file: one chunk of it
   * (compare-export.ts), the first without a cursor, the next ones with the `asOf` and `count` of the
   * chunk before, until one brings the file's `ends`.
   */
  'admin.audit.compareExport': {
    request: {
      fromRunId: string;
      toRunId: string;
      kind: CompareKind;
      format: 'csv' | 'json';
      asOf?: number;
      count?: number;
    };
    response: AuditExportChunk & { filename: string; mimeType: string };
  };
  'admin.remediation.preview': {
    request: { runId: string; filter: AuditFilter };
    response: { total: number; targets: RemediationTarget[] };
  };
  'admin.remediation.start': {
    request: { runId: string; filter: AuditFilter; action: RemediationAction; dryRun: boolean };
    response: RemediationJob;
  };
  'admin.remediation.status': { request: Record<never, never>; response: RemediationJob | null };
  'admin.remediation.cancel': { request: Record<never, never>; response: RemediationJob | null };
}
