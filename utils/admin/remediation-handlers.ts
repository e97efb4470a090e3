/**
 * Admin mode's remediation handlers: preview the devices a rule selects, run
 * (or dry-run) not-remember / forget over them under the write quota, its
 * status and cancel. Progress is published one way: every snapshot goes to
 * the `local:remediationJob` item the Admin page watches, which is also the
 * durable plan a new worker resumes (`resume`, remediation-job.ts).
 */
import type { CognitoClient } from '../cognito';
import { AppError } from '../errors';
import type { MessageHandlers, RequestOf } from '../messages';
import type { AdminCore } from './core';
import { driveRemediation, type RemediationJob, runRemediation, selectTargets } from './remediation';
import { credentialsGone } from './remediation-job';
import { checkAuditFilter } from './report';

type RemediationHandlers = Required<
  Pick<
    MessageHandlers,
    'admin.remediation.preview' | 'admin.remediation.start' | 'admin.remediation.status' | 'admin.remediation.cancel'
  >
>;

/** The handlers, and `resume`: carry on a remediation a stopped worker left running. */
export function remediationPart(core: AdminCore): { handlers: RemediationHandlers; resume(): Promise<void> } {
  let job: { current: RemediationJob; controller: AbortController } | undefined;
  const save = async (current: RemediationJob) => core.deps.publishRemediation?.(current);
  const follow = (controller: AbortController) => (current: RemediationJob) => {
    job = { current, controller };
  };

  async function resume(): Promise<void> {
    const stale = await core.deps.currentRemediation?.();
    if (stale?.state !== 'running' || stale.dryRun || job?.current.state === 'running') return;
    const controller = new AbortController();
    const plan: RemediationJob = { ...structuredClone(stale), resumedAt: core.now() };
    job = { current: plan, controller };
    // No credentials (the browser restarted) or another pool: every open device is settled with the reason.
    let client: CognitoClient | undefined;
    try {
      const live = await core.connected();
      if (live.connection.poolId === plan.poolId) client = live.client;
    } catch {
      client = undefined;
    }
    await driveRemediation(plan, {
      client: client as CognitoClient,
      store: await core.deps.auditStore(),
      history: await core.history(),
      signal: controller.signal,
      now: core.now,
      onProgress: follow(controller),
      save,
      ...(client ? {} : { ended: credentialsGone() }),
    });
  }

  const handlers: RemediationHandlers = {
    async 'admin.remediation.preview'(request: RequestOf<'admin.remediation.preview'>) {
      const run = await core.mustRun(request.runId);
      const targets = await selectTargets(
        await core.deps.auditStore(),
        run.id,
        checkAuditFilter(request.filter),
        core.now(),
      );
      return { total: targets.length, targets };
    },

    async 'admin.remediation.start'(request: RequestOf<'admin.remediation.start'>) {
      if (job?.current.state === 'running') throw new AppError('ERR_ADMIN_BULK_RUNNING');
      job = undefined;
      if (request.action !== 'forget' && request.action !== 'notRemember') {
        throw new AppError('ERR_INVALID_INPUT', 'Unknown action.', { details: { field: 'action' } });
      }
      const run = await core.mustRun(request.runId);
      const filter = checkAuditFilter(request.filter);
      const store = await core.deps.auditStore();
      const targets = await selectTargets(store, run.id, filter, core.now());
      if (targets.length === 0) {
        throw new AppError('ERR_INVALID_INPUT', 'No device matches this rule.', { details: { field: 'selection' } });
      }
      // A dry run needs no credentials and calls nothing; a real one writes only to the connected pool.
      let client: CognitoClient | undefined;
      if (!request.dryRun) {
        const live = await core.connected();
        if (live.connection.poolId !== run.poolId) throw new AppError('ERR_ADMIN_NOT_CONNECTED');
        client = live.client;
      }
      const controller = new AbortController();
      const log = request.dryRun ? undefined : await core.history();
      const started = runRemediation(
        {
          id: crypto.randomUUID(),
          runId: run.id,
          poolId: run.poolId,
          action: request.action,
          dryRun: request.dryRun === true,
          filter,
          targets,
        },
        {
          client: client as CognitoClient,
          store,
          history: log,
          signal: controller.signal,
          now: core.now,
          onProgress: follow(controller),
          save,
        },
      );
      if (request.dryRun) return structuredClone(await started);
      void started.catch((error: unknown) => {
        console.warn('Remediation failed:', error instanceof AppError ? error.code : 'ERR_INTERNAL');
      });
      // runRemediation reported its first snapshot before its first await.
      const first = job as { current: RemediationJob } | undefined;
      if (!first) throw new AppError('ERR_INTERNAL');
      return structuredClone(first.current);
    },

    async 'admin.remediation.status'() {
      return job ? structuredClone(job.current) : null;
    },

    async 'admin.remediation.cancel'() {
      job?.controller.abort();
      return job ? structuredClone(job.current) : null;
    },
  };
  return { handlers, resume };
}
