/**
 * axe-core for both browser suites: its source (evaluated into an extension
 * page by the driver, which the page's CSP does not block), the call that runs
 * it, and the filter every suite applies: no serious or critical violation.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Evaluate in a page where AXE_SOURCE was evaluated: resolves to axe's violations. */
export const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical violations, one readable line each. */
export function seriousViolations(violations: readonly AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A page that can evaluate a script (a Playwright page in Chromium). */
interface Evaluating {
  evaluate(script: string): Promise<unknown>;
}

/** Run axe in a Chromium page and return its serious and critical violations. */
export async function pageViolations(page: Evaluating): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return seriousViolations((await page.evaluate(AXE_RUN)) as AxeViolation[]);
}
