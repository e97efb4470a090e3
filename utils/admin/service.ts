/**
 * Admin mode's message handlers with every dependency injected (credentials
 * storage, settings, the Cognito client factory, the audit store, history,
 * the worker's one pacer registry, the progress publishers), so they
 * unit-test with fakes. The audit, the remediation and the one-user view wait
 * in the same buckets as a user's bulk run to the same endpoint
 * (WorkerContext.pacer).
 *
 * Where requests go: the endpoint is resolved for the pool from the current
 * Settings on every use (the endpoint override is loopback only: the local
 * sandbox), and a stored audit resumes only when that still gives the
 * endpoint it started against. Every request names the connected pool.
 *
 * The handlers live by concern: connection and one user (user-handlers.ts),
 * the audit (audit-handlers.ts), the remediation (remediation-handlers.ts),
 * over the shared plumbing of core.ts.
 */
import type { MessageHandlers } from '../messages';
import { auditPart } from './audit-handlers';
import { compareHandlers } from './compare-handlers';
import { type AdminServiceDeps, createAdminCore } from './core';
import type { AdminMessageMap } from './messages';
import { remediationPart } from './remediation-handlers';
import { userHandlers } from './user-handlers';

export { toAuditStatus } from './audit-handlers';
export type { AdminServiceDeps } from './core';

type AdminHandlers = Required<Pick<MessageHandlers, keyof AdminMessageMap>>;

/** The admin service: handlers, and `start` (resume an interrupted audit and a remediation left running). */
export interface AdminService {
  readonly handlers: AdminHandlers;
  start(): Promise<void>;
  /** Stop crawls without writing (worker shutdown, tests). */
  abandon(): Promise<void>;
}

/** Create the service. */
export function createAdminService(deps: AdminServiceDeps): AdminService {
  const core = createAdminCore(deps);
  const audit = auditPart(core);
  const remediation = remediationPart(core);
  return {
    handlers: { ...userHandlers(core), ...audit.handlers, ...compareHandlers(core), ...remediation.handlers },
    async start() {
      // Both resume by themselves; the audit's crawl and the remediation's writes share the pacer.
      await Promise.all([(async () => (await audit.runner()).resumeInterrupted())(), remediation.resume()]);
    },
    async abandon() {
      // Only a runner already made has crawls to stop (abandon opens nothing).
      if (audit.made()) await (await audit.runner()).abandon();
    },
  };
}
