/**
 * Admin mode as the background worker runs it: credentials in storage.session,
 * Settings, clients and pacing from the worker context, the audit store in
 * IndexedDB, host permissions. background.ts only calls `createAdminRuntime()`,
 * spreads its handlers and calls `start()`.
 */
import { createCognitoClient } from '../cognito';
import { type AuditStore, openAuditStore } from '../history/audit-store';
import { lazily } from '../lazy';
import { hasHostAccess } from '../permissions';
import { adminConnectionItem, auditProgressItem, remediationJobItem } from '../storage';
import type { WorkerContext } from '../worker/context';
import { type AdminService, createAdminService } from './service';

/** The admin service wired to the browser and the worker context. */
export function createAdminRuntime(context: WorkerContext): AdminService {
  return createAdminService({
    connection: {
      get: () => adminConnectionItem.getValue(),
      set: (value) => adminConnectionItem.setValue(value),
      clear: () => adminConnectionItem.removeValue(),
    },
    settings: context.settings,
    pacer: context.pacer,
    cognito: (options) => createCognitoClient(options),
    auditStore: lazily<AuditStore>(() => openAuditStore()),
    history: context.history,
    hasHostAccess,
    publishAudit: (status) => auditProgressItem.setValue(status),
    publishRemediation: (job) => remediationJobItem.setValue(job),
    currentRemediation: () => remediationJobItem.getValue(),
  });
}
