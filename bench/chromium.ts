/**
 * What the Chromium benches share: the product build, a temporary copy of it
 * with bench-only pages added (never the product), Chromium launched with that
 * copy against a sandbox (Settings' endpoint override naming it), alice's
 * session imported with a given number of devices, and the sandbox's request
 * log. The benches print figures; nothing here fails on a timing.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { SeedFile } from '../sandbox/seed';
import { type Sandbox, type SandboxOptions, startSandbox } from '../sandbox/server';
import { serveDemoApp } from '../scripts/demo-app';
import { ensureChromium } from '../scripts/system-tools';
import { openMintedSessionPage } from '../tests/e2e/demo-pages';
import { type ExtensionHarness, launchExtension } from '../tests/e2e/harness';
import type { Settings } from '../utils/settings';

export const BUILD = resolve('.output/chrome-mv3');
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
export const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** `npx wxt build` (output in .output/chrome-mv3). */
export function buildExtension(): void {
  if (spawnSync('npx', ['wxt', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('wxt build failed');
}

/** A page of the bench copy: its HTML and script, or a module bundled from a bench file (bench/pages/…). */
export type BenchPage = { name: string; script: string } | { name: string; bundle: string };

/** A temporary copy of the build with `pages` added as `<name>.html` + `<name>.js`. */
async function benchCopy(pages: readonly BenchPage[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cdd-bench-ext-'));
  await cp(BUILD, dir, { recursive: true });
  for (const page of pages) {
    await writeFile(
      join(dir, `${page.name}.html`),
      `<!doctype html><html><head><meta charset="utf-8"><title>${page.name}</title></head><body><ul id="list"></ul><script type="module" src="/${page.name}.js"></script></body></html>`,
    );
    if ('script' in page) await writeFile(join(dir, `${page.name}.js`), page.script);
    else
      await build({
        configFile: false,
        logLevel: 'silent',
        build: {
          outDir: dir,
          emptyOutDir: false,
          lib: { entry: resolve(page.bundle), formats: ['es'], fileName: () => `${page.name}.js` },
        },
      });
  }
  return dir;
}

/** The demo seed with alice's devices replaced by `count` remembered ones. */
export async function demoSeed(count: number): Promise<SeedFile> {
  const demo = JSON.parse(await readFile('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
  const alice = demo.pools[0]?.users.find((u) => u.username === 'alice');
  if (!alice) throw new Error('demo seed has no alice');
  alice.devices = Array.from({ length: count }, (_, i) => ({
    key: `us-east-1_00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
    name: `Bench device ${i + 1}`,
    remembered: true,
    lastIp: `198.51.100.${i}`,
    createdAt: 1740000000 + i,
    lastModifiedAt: 1740000100 + i,
    lastAuthenticatedAt: 1740000200 + i,
  }));
  return demo;
}

export interface BenchBrowser {
  ext: ExtensionHarness;
  sandbox: Sandbox;
  /** `chrome-extension://<id>` */
  base: string;
  /** Import alice's session (no device of its own) through the popup; resolves once `devices` rows show. */
  importAlice(devices: number): Promise<void>;
  /** The sandbox's request log since the last clear, by operation. */
  requests(): Promise<Map<string, number>>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chromium with a bench copy of the build (`pages` added) and a sandbox seeded with `seed` (the demo by default),
 * Settings naming the sandbox (and `settings`).
 */
export async function launchBench(
  options: {
    pages?: readonly BenchPage[];
    seed?: SeedFile;
    quotas?: SandboxOptions['quotas'];
    settings?: Partial<Settings>;
  } = {},
): Promise<BenchBrowser> {
  const dir = await benchCopy(options.pages ?? []);
  const sandbox = await startSandbox({
    port: 0,
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.quotas ? { quotas: options.quotas } : {}),
  });
  const app = await serveDemoApp({ endpoint: sandbox.endpoint });
  ensureChromium();
  const ext = await launchExtension({ extensionDir: dir });
  // The sandbox's issuer is trusted only when Settings' endpoint override names it.
  await ext.setSettings({ endpointOverride: sandbox.endpoint, ...options.settings });
  const route = (method: string) => fetch(`${sandbox.endpoint}/_sandbox/requests`, { method });
  return {
    ext,
    sandbox,
    base: ext.url('').replace(/\/$/, ''),
    async importAlice(devices) {
      await openMintedSessionPage(ext.context, app.url, { username: 'alice' });
      const importer = await ext.open('popup.html');
      await importer.getByRole('button', { name: 'Import session from this tab' }).click();
      await importer
        .getByRole('list', { name: 'Remembered devices' })
        .getByRole('listitem')
        .nth(devices - 1)
        .waitFor();
      await importer.close();
    },
    async requests() {
      const { requests } = (await (await route('GET')).json()) as { requests: { operation: string }[] };
      const perOp = new Map<string, number>();
      for (const r of requests) perOp.set(r.operation, (perOp.get(r.operation) ?? 0) + 1);
      return perOp;
    },
    async clearRequests() {
      await route('DELETE');
    },
    async close() {
      await ext.close();
      await app.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Send one of the product's messages from an extension page, as its pages do (the worker answers an envelope). */
export function sendFromPage<T>(page: Page, message: Record<string, unknown>): Promise<T> {
  return page.evaluate(async (m) => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } })
      .chrome.runtime;
    const envelope = (await runtime.sendMessage(m)) as { ok: boolean; value?: unknown; error?: { code: string } };
    if (!envelope.ok) throw new Error(`${String(m.type)}: ${envelope.error?.code}`);
    return envelope.value;
  }, message) as Promise<T>;
}

/** A value of the extension's storage.session (null when none), read in `page`, an extension page. */
export function sessionValue<T>(page: Page, key: string): Promise<T | null> {
  return page.evaluate(async (name) => {
    const area = (
      globalThis as unknown as {
        chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome.storage.session;
    return (await area.get(name))[name] ?? null;
  }, key) as Promise<T | null>;
}

/** A DevTools session on the extension's service worker (Playwright opens none for workers). */
export interface WorkerCdp {
  send<T = unknown>(method: string, params?: object): Promise<T>;
}

/**
 * Attach to the service worker's target through `page`'s DevTools session (Target.attachToTarget, not
 * flattened: Playwright's CDPSession sends to its own target only; its messages are wrapped instead).
 */
export async function attachWorkerCdp(bench: BenchBrowser, page: Page): Promise<WorkerCdp> {
  const cdp = await bench.ext.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(bench.base));
  if (!worker) throw new Error('no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let id = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const call = reply.id === undefined ? undefined : waiting.get(reply.id);
    if (!call || reply.id === undefined) return;
    waiting.delete(reply.id);
    if (reply.error) call.reject(new Error(reply.error.message));
    else call.resolve(reply.result);
  });
  return {
    send<T>(method: string, params: object = {}) {
      const callId = ++id;
      const answer = new Promise<T>((resolve, reject) =>
        waiting.set(callId, { resolve: resolve as (v: unknown) => void, reject }),
      );
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: callId, method, params }),
      });
      return answer;
    },
  };
}

/** A CPU profile as CDP's Profiler.stop returns it (the fields read here). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * A CPU profile's sampled time (ms) by kind: not idle (`busy`, script and the rest), of which garbage collection
 * and "(program)"; idle; and the busy time by function (self time, `name file:line`).
 */
export function profileTimes(profile: CpuProfile): {
  busy: number;
  gc: number;
  program: number;
  idle: number;
  byFunction: Map<string, number>;
} {
  const names = new Map(
    profile.nodes.map((n) => {
      const { functionName, url, lineNumber } = n.callFrame;
      const file = url.slice(url.lastIndexOf('/') + 1);
      return [n.id, file ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName];
    }),
  );
  const out = { busy: 0, gc: 0, program: 0, idle: 0, byFunction: new Map<string, number>() };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample stands for the time until the next one.
  for (let i = 0; i + 1 < samples.length; i++) {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const name = names.get(samples[i] as number);
    if (name === '(idle)') out.idle += ms;
    else {
      out.busy += ms;
      if (name === '(garbage collector)') out.gc += ms;
      if (name === '(program)') out.program += ms;
      if (name) out.byFunction.set(name, (out.byFunction.get(name) ?? 0) + ms);
    }
  }
  return out;
}
