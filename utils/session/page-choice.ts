/**
 * Which of a page's sessions to import: the scan of the tab's storages and
 * cookies, the candidates as the chooser shows them, and the entry a person
 * picked (by client, username and, when given, where and in which format).
 */
import { AppError } from '../errors';
import type { PageStorageDump } from './page-reader';
import { type SkippedEntry, scanPage } from './page-scan';
import {
  describePageSession,
  type PageCandidate,
  type PageSession,
  type PageSessionFormat,
  type PageStoreName,
} from './page-storage';

export interface PageChoice {
  clientId: string;
  username: string;
  origin: string;
  where?: PageStoreName;
  format?: PageSessionFormat;
}

export interface ChooseAnswer {
  kind: 'choose';
  origin: string;
  candidates: PageCandidate[];
  skipped: SkippedEntry[];
}

export type PagePick =
  | { kind: 'choose'; answer: ChooseAnswer }
  | { kind: 'picked'; picked: PageSession; candidate: PageCandidate | undefined; answer: ChooseAnswer };

/** @throws AppError ERR_SESSION_PAGE_UNREADABLE, ERR_SESSION_NOT_FOUND_IN_PAGE */
export function pickPageSession(dump: PageStorageDump, choice: PageChoice | undefined): PagePick {
  if (dump.unreadable) throw new AppError('ERR_SESSION_PAGE_UNREADABLE');
  const { sessions: found, skipped } = scanPage(dump);
  if (found.length === 0 && skipped.length === 0) throw new AppError('ERR_SESSION_NOT_FOUND_IN_PAGE');
  const candidates = found.map(describePageSession);
  const origin = typeof dump.origin === 'string' ? dump.origin : '';
  const answer: ChooseAnswer = { kind: 'choose', origin, candidates, skipped };
  let index: number;
  if (choice) {
    // The tab may have navigated since the list was shown: import only from the origin the person saw.
    if (origin !== choice.origin) throw new AppError('ERR_SESSION_NOT_FOUND_IN_PAGE');
    index = found.findIndex(
      (f) =>
        f.clientId === choice.clientId &&
        f.username === choice.username &&
        (choice.where === undefined || f.where === choice.where) &&
        (choice.format === undefined || f.format === choice.format),
    );
    if (index === -1) throw new AppError('ERR_SESSION_NOT_FOUND_IN_PAGE');
  } else {
    if (found.length !== 1 || skipped.length > 0) return { kind: 'choose', answer };
    index = 0;
  }
  const picked = found[index];
  if (!picked) throw new AppError('ERR_SESSION_NOT_FOUND_IN_PAGE');
  return { kind: 'picked', picked, candidate: candidates[index], answer };
}
