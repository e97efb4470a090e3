/**
 * The session area's slice of the message map (merged in utils/messages.ts).
 * Responses carry PublicSession (no token); only `session.revealToken`
 * returns one token, on an explicit request.
 */
import type { ChooseAnswer, PageChoice } from './page-choice';
import type { PublicSession, TokenKind } from './types';

/** The session messages. */
export interface SessionMessageMap {
  'session.list': { request: Record<never, never>; response: { sessions: PublicSession[]; activeId: string | null } };
  /** Read the tab's storages and cookies; import the chosen (or only) session, or ask to choose. */
  'session.importFromTab': {
    request: {
      tabId: number;
      /**
       * The candidate picked from a `choose` answer, with the page origin that answer showed,
       * and where the chosen entry was found and in which format (absent: the first match).
       */
      choice?: PageChoice;
    };
    response: { kind: 'imported'; session: PublicSession } | ChooseAnswer;
  };
  'session.importTokens': {
    request: { accessToken: string; refreshToken?: string; idToken?: string; clientId?: string };
    response: { session: PublicSession };
  };
  'session.signIn': {
    request: { poolId?: string; clientId: string; clientSecret?: string; username: string; password: string };
    response: { session: PublicSession };
  };
  'session.setActive': { request: { id: string }; response: { activeId: string } };
  'session.refresh': {
    /** `allowRotation`: the person agreed that rotating a borrowed refresh token signs its web app out. */
    request: { id?: string; allowRotation?: boolean };
    response: { session: PublicSession };
  };
  'session.verify': { request: { id?: string }; response: { session: PublicSession } };
  'session.signOut': { request: { id: string }; response: { removed: string } };
  'session.globalSignOut': { request: { id: string }; response: { removed: string } };
  /** The raw value of one token of a session, for the inspector's explicit "Reveal". */
  'session.revealToken': { request: { id: string; kind: TokenKind }; response: { value: string } };
}
