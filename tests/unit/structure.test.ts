/**
 * The shape of the code, checked on every `npm test`: no import loop, errors.ts
 * imports nothing, no area (session/, devices/, admin/) imports another, the
 * cognito client is imported through its barrel only, the
 * worker context and storage.ts import no area, and no file in utils/,
 * entrypoints/ or components/ over 300 lines except data tables (and the files
 * still waiting to be split, which may not grow).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const DIRS = ['utils', 'entrypoints', 'components'];
const AREAS = ['utils/session/', 'utils/devices/', 'utils/admin/'];
const MAX_LINES = 300;
/** Data tables: allowed to be long. */
const DATA_TABLES = new Set(['utils/error-text.ts']);
/** Not split yet (issue 12 leaves them for later): their line count may only go down. */
const WAITING_TO_BE_SPLIT: Record<string, number> = {};

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const sources = DIRS.flatMap(files);
const resolveImport = (from: string, spec: string): string | undefined => {
  if (!spec.startsWith('.')) return undefined;
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec));
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((p) => sources.includes(p));
};
/** Every relative import (type-only too: a loop of types is still a loop of meaning). */
const graph = new Map(
  sources.map((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
    return [file, [...new Set(specs.map((s) => resolveImport(file, s)).filter((p): p is string => !!p))]];
  }),
);

describe('code structure', () => {
  it('has no import loop', () => {
    const loops: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        loops.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(loops).toEqual([]);
  });

  it('errors.ts imports nothing', () => {
    expect(readFileSync(join(ROOT, 'utils/errors.ts'), 'utf8')).not.toMatch(/^\s*import\b/m);
  });

  it('no area imports another; the context and storage.ts import no area', () => {
    const crossings: string[] = [];
    for (const [file, imports] of graph) {
      const own = AREAS.find((a) => file.startsWith(a));
      const neutral = file.startsWith('utils/') && !own;
      for (const target of imports) {
        const area = AREAS.find((a) => target.startsWith(a));
        if (area && ((own && area !== own) || neutral)) crossings.push(`${file} → ${target}`);
      }
    }
    // utils/messages.ts combines the areas' message slices: the one neutral module allowed to.
    expect(crossings.filter((c) => !/^utils\/messages\.ts → utils\/\w+\/messages\.ts$/.test(c))).toEqual([]);
  });

  it('imports utils/cognito only through its barrel (index.ts) from outside it', () => {
    const deep = [...graph]
      .filter(([file]) => !file.startsWith('utils/cognito/'))
      .flatMap(([file, imports]) =>
        imports
          .filter((t) => t.startsWith('utils/cognito/') && t !== 'utils/cognito/index.ts')
          .map((t) => `${file} → ${t}`),
      );
    // The one exception: utils/token (below the client, loaded by the popup) takes the two pure leaves, because
    // through the barrel the bundler puts its runtime helpers in the lazy error-text chunk (+3.3 KB for the popup).
    const leaves = /^utils\/token\/issuer\.ts → utils\/cognito\/(pool-id|regions)\.ts$/;
    expect(deep.filter((d) => !leaves.test(d))).toEqual([]);
  });

  it(`keeps files under ${MAX_LINES} lines (data tables aside; files waiting to be split do not grow)`, () => {
    const over: string[] = [];
    for (const file of sources) {
      if (DATA_TABLES.has(file)) continue;
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;
      const cap = WAITING_TO_BE_SPLIT[file] ?? MAX_LINES;
      if (lines > cap) over.push(`${file}: ${lines} > ${cap}`);
    }
    expect(over).toEqual([]);
  });
});
