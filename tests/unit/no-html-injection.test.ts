/**
 * The claim behind `npm run lint:ext`'s one allowed warning: our code never
 * writes HTML from strings (device names and usernames are untrusted text), so
 * the only innerHTML assignment in the build is Preact's own
 * dangerouslySetInnerHTML branch. Also: each allow-list entry matches its one
 * finding and nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED, unexpectedFindings } from '../../scripts/lint-ext';

const HTML_SINKS = /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write(ln)?\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('no HTML from strings in our code', () => {
  const files = ['entrypoints', 'components', 'utils'].flatMap(sourceFiles);

  it('scans the extension’s sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain(join('components', 'DeviceList.tsx'));
  });

  it('uses no dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (HTML_SINKS.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});

describe('lint:ext allow-list', () => {
  const preactChunk =
    'x\nfor(d in E)d==`dangerouslySetInnerHTML`?f=b:0;f?(c||(e.innerHTML=f.__html),t.__k=[]):(m&&(e.textContent=``))';
  const finding = { code: 'UNSAFE_VAR_ASSIGNMENT', message: 'Unsafe assignment to innerHTML', file: 'chunks/a.js' };
  const report = (column: number) => ({ errors: [], notices: [], warnings: [{ ...finding, line: 2, column }] });

  it('explains every allowance', () => {
    for (const a of ALLOWED) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('allows the warning at Preact’s dangerouslySetInnerHTML branch', () => {
    const column = preactChunk.split('\n')[1]?.indexOf('e.innerHTML') ?? -1;
    expect(unexpectedFindings(report(column + 1), () => preactChunk)).toEqual([]);
  });

  it('refuses the same warning anywhere else, and every error', () => {
    const ours = 'x\nconst el=document.body;el.innerHTML=deviceName;';
    const column = ours.split('\n')[1]?.indexOf('el.innerHTML') ?? -1;
    expect(unexpectedFindings(report(column + 1), () => ours)).toHaveLength(1);
    const error = { code: 'MANIFEST_FIELD_INVALID', message: 'bad', file: 'manifest.json' };
    expect(unexpectedFindings({ errors: [error], warnings: [], notices: [] }, () => '')).toEqual([error]);
    const missing = { code: 'MISSING_DATA_COLLECTION_PERMISSIONS', message: 'missing', file: 'manifest.json' };
    expect(unexpectedFindings({ errors: [], warnings: [missing], notices: [] }, () => '')).toEqual([missing]);
  });

  it('allows the Android min-version note only for data_collection_permissions', () => {
    const note = (description: string) => ({
      code: 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
      message: 'Manifest key not supported by the specified minimum Firefox for Android version',
      description,
      file: 'manifest.json',
    });
    const ours = note(
      '"strict_min_version" requires Firefox for Android 140, which was released before version 142 introduced support for "browser_specific_settings.gecko.data_collection_permissions".',
    );
    const other = note(
      '"strict_min_version" requires Firefox for Android 140, which was released before version 145 introduced support for "some_new_key".',
    );
    expect(unexpectedFindings({ errors: [], warnings: [ours, other], notices: [] }, () => '')).toEqual([other]);
  });
});
