/**
 * The Audits-compared panel's state as a reducer: the kept audits, the two
 * picked (by default the last two), the kind of change shown and its page.
 * Pure, so it unit-tests without a page.
 */
import type { CompareKind, ComparisonPage } from '../../../utils/admin/audit-compare';
import type { KeptAuditTotals } from '../../../utils/admin/messages';
import { formatStamp } from '../../../utils/format';

/** Rows per page of a change table. */
export const COMPARE_PAGE_SIZE = 50;

export interface CompareState {
  readonly audits: readonly KeptAuditTotals[];
  /** The older and the newer audit's ids. */
  readonly from?: string;
  readonly to?: string;
  /** True once the person picked an audit: until then the pair follows the last two kept. */
  readonly picked?: boolean;
  readonly kind: CompareKind;
  readonly offset: number;
  readonly page?: ComparisonPage;
}

export type CompareAction =
  | { readonly type: 'kept'; readonly audits: readonly KeptAuditTotals[] }
  | { readonly type: 'pick'; readonly from?: string; readonly to?: string }
  | { readonly type: 'kind'; readonly kind: CompareKind }
  | { readonly type: 'offset'; readonly offset: number }
  | { readonly type: 'page'; readonly page: ComparisonPage; readonly request: CompareRequest };

export const INITIAL_COMPARE: CompareState = { audits: [], kind: 'added', offset: 0 };

const has = (audits: readonly KeptAuditTotals[], id: string | undefined) =>
  id !== undefined && audits.some((a) => a.id === id);

export function compareReducer(state: CompareState, action: CompareAction): CompareState {
  switch (action.type) {
    case 'kept': {
      // Keep the person's pick while it is still kept; else the last two (the list is newest first).
      // A default pair is not a pick: a lone first audit would otherwise stay "newer" once a second one lands.
      const keep = (id: string | undefined) => state.picked === true && has(action.audits, id);
      const to = keep(state.to) ? state.to : action.audits[0]?.id;
      const from = keep(state.from) ? state.from : action.audits[1]?.id;
      const same = to === state.to && from === state.from;
      return { ...state, audits: action.audits, from, to, ...(same ? {} : { offset: 0, page: undefined }) };
    }
    case 'pick':
      return {
        ...state,
        from: action.from ?? state.from,
        to: action.to ?? state.to,
        picked: true,
        offset: 0,
        page: undefined,
      };
    case 'kind':
      return { ...state, kind: action.kind, offset: 0 };
    case 'offset':
      return { ...state, offset: Math.max(0, action.offset) };
    case 'page': {
      // A page answers the request it was asked with: one that lands after the pick, the kind or the offset
      // moved on (a slow answer overtaken by a click) is dropped, never shown under the newer caption.
      const now = compareRequest(state);
      const r = action.request;
      const current =
        now?.fromRunId === r.fromRunId && now.toRunId === r.toRunId && now.kind === r.kind && now.offset === r.offset;
      return current ? { ...state, page: action.page } : state;
    }
  }
}

/** The request for a page of one kind of change between two kept audits. */
export type CompareRequest = NonNullable<ReturnType<typeof compareRequest>>;

/** Whether the state's page is the one its pick, kind and offset ask for (else it is still loading). */
export function pageIsCurrent(state: CompareState): boolean {
  return state.page !== undefined && state.page.kind === state.kind && state.page.offset === state.offset;
}

/** The request for the state's page, or undefined when two audits are not picked. */
export function compareRequest(state: CompareState) {
  if (!state.from || !state.to) return undefined;
  return {
    type: 'admin.audit.compare' as const,
    fromRunId: state.from,
    toRunId: state.to,
    kind: state.kind,
    offset: state.offset,
    limit: COMPARE_PAGE_SIZE,
    top: 10,
  };
}

/**
 * Each kept audit's label in the pickers: when it started and its totals. Audits that started in the same
 * minute (the label's precision) are told apart by their order in it, so no two options read the same.
 */
export function auditLabels(audits: readonly KeptAuditTotals[]): Map<string, string> {
  const byStamp = new Map<string, KeptAuditTotals[]>();
  for (const a of audits) {
    const stamp = formatStamp(a.startedAt);
    byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), a]);
  }
  const labels = new Map<string, string>();
  for (const [stamp, group] of byStamp) {
    const ordered = [...group].sort((x, y) => x.startedAt - y.startedAt || x.id.localeCompare(y.id));
    ordered.forEach((a, i) => {
      const nth = ordered.length > 1 ? ` (${i + 1} of ${ordered.length} that minute)` : '';
      labels.set(a.id, `${stamp}${nth} — ${a.users} users, ${a.devices} devices`);
    });
  }
  return labels;
}

/** Whether the picked "older" audit really started before the "newer" one (a suggestion needs that order). */
export function pickedInOrder(state: CompareState): boolean {
  const from = state.audits.find((a) => a.id === state.from);
  const to = state.audits.find((a) => a.id === state.to);
  return from !== undefined && to !== undefined && from.startedAt < to.startedAt;
}
