/**
 * `npm run lint:ext`: Mozilla's add-on linter (`web-ext lint`, offline) on the
 * Firefox build that ships (.output/firefox-mv3, built first by `npm test`).
 * Passes with 0 errors and no warning or notice except those in ALLOWED,
 * each with its reason and a check that the finding is the one the reason
 * describes. Anything else fails, with the linter's own words.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LintMessage {
  code: string;
  message: string;
  description?: string;
  file?: string;
  line?: number;
  column?: number;
}

interface Allowance {
  code: string;
  reason: string;
  /** True when this finding is the allowed one (not merely the same code elsewhere). */
  matches(finding: LintMessage, read: (file: string) => string): boolean;
}

export const ALLOWED: readonly Allowance[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    reason:
      "Preact's renderer sets innerHTML only for an element given the dangerouslySetInnerHTML prop; " +
      'our code never passes it (tests/unit/no-html-injection.test.ts greps for it and for innerHTML).',
    matches(finding, read) {
      if (!finding.file || finding.line === undefined || finding.column === undefined) return false;
      const code = read(finding.file);
      const at = (code.split('\n')[finding.line - 1] ?? '').slice(finding.column - 1);
      // Preact's branch, whatever the minifier named things: `e.innerHTML = f.__html`.
      return /^[\w$]+\.innerHTML=[\w$]+\.__html\b/.test(at) && code.includes('dangerouslySetInnerHTML');
    },
  },
  {
    code: 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
    reason:
      'the linter checks Android against the desktop strict_min_version (140) and notes that Android needs 142 ' +
      'for data_collection_permissions; the add-on is desktop-only and declares no gecko_android on purpose ' +
      '(AMO would list it for Android, untested there).',
    matches: (finding) =>
      finding.file === 'manifest.json' && (finding.description ?? '').includes('data_collection_permissions'),
  },
];

/** The findings that fail the lint: every error, and any warning or notice not allowed. */
export function unexpectedFindings(
  report: { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] },
  read: (file: string) => string,
): LintMessage[] {
  const allowed = (f: LintMessage) => ALLOWED.some((a) => a.code === f.code && a.matches(f, read));
  return [...report.errors, ...[...report.warnings, ...report.notices].filter((f) => !allowed(f))];
}

function main(): void {
  const SOURCE_DIR = resolve(process.argv[2] ?? '.output/firefox-mv3');
  const run = spawnSync(
    'npx',
    ['web-ext', 'lint', '--source-dir', SOURCE_DIR, '--output', 'json', '--no-config-discovery'],
    {
      encoding: 'utf8',
    },
  );
  let report: {
    summary: Record<string, number>;
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
  };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    console.error(`web-ext lint did not produce a report (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    process.exit(1);
  }
  const read = (file: string) => readFileSync(join(SOURCE_DIR, file), 'utf8');
  const bad = unexpectedFindings(report, read);
  const { errors, warnings, notices } = report.summary;
  console.log(`web-ext lint ${SOURCE_DIR}: ${errors} errors, ${warnings} warnings, ${notices} notices.`);
  for (const a of ALLOWED) {
    const n = [...report.warnings, ...report.notices].filter((f) => f.code === a.code && a.matches(f, read)).length;
    if (n) console.log(`  allowed: ${a.code} ×${n} — ${a.reason}`);
  }
  if (bad.length) {
    for (const f of bad) {
      const where = f.file ? ` (${f.file}${f.line ? `:${f.line}:${f.column ?? 0}` : ''})` : '';
      console.error(`  ✖ ${f.code}${where}: ${f.message}${f.description ? ` — ${f.description}` : ''}`);
    }
    process.exit(1);
  }
}

// Run when called as a script (a test imports the allow-list without running the linter).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
