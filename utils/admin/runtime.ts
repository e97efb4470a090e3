/**
 * Admin mode as the background worker runs it: credentials in storage.session,
 * Settings (endpoint override, quotas), the real Cognito client, the audit
 * store and history in IndexedDB, host permissions. background.ts only calls
 * `createAdminRuntime()`, spreads its handlers and calls `start()`.
 */
import { createCognitoClient } from '../cognito';
import { type AuditStore, openAuditStore } from '../history/audit-store';
import type { HistoryStore } from '../history/store';
import { hasHostAccess } from '../session/permissions';
import { adminConnectionItem, readSettings } from '../storage';
import { type AdminService, createAdminService } from './handlers';

/** Open once, on first use; a failure is reported by code only and retried on the next use. */
function lazily<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}

/** The admin service wired to the browser; `history` is the worker's shared lazy log (undefined when unavailable). */
export function createAdminRuntime(options: { history?: () => Promise<HistoryStore | undefined> } = {}): AdminService {
  const auditStore = lazily<AuditStore>(() => openAuditStore());
  return createAdminService({
    connection: {
      get: () => adminConnectionItem.getValue(),
      set: (value) => adminConnectionItem.setValue(value),
      clear: () => adminConnectionItem.removeValue(),
    },
    settings: readSettings,
    cognito: (options) => createCognitoClient(options),
    auditStore,
    history: options.history,
    hasHostAccess,
  });
}
