/**
 * The schemas of the `session.*` messages (see utils/message-validate.ts).
 * Structure and bounds only: the handlers keep their precise checks (and
 * their own error codes) of client ids, usernames and secrets as typed.
 */
import { boolean, integer, type ObjectFields, object, oneOf, optional, text } from '../message-validate';
import type { PageSessionFormat, PageStoreName } from './page-storage';
import type { TokenKind } from './types';

const ID = text(128);
/** A JWT or JWE: Cognito's are a few KB; a generous bound. */
const TOKEN = text(32_768);
/** Form input, trimmed by the handler: bounded generously. */
const TYPED = text(1024);
const TOKEN_KINDS: readonly TokenKind[] = ['accessToken', 'idToken', 'refreshToken'];
const STORES: readonly PageStoreName[] = ['localStorage', 'sessionStorage', 'cookie'];
const FORMATS: readonly PageSessionFormat[] = ['amplify', 'oidc'];

export const SESSION_MESSAGE_SCHEMAS = {
  'session.list': {},
  'session.importFromTab': {
    tabId: integer(0, Number.MAX_SAFE_INTEGER),
    choice: optional(
      object({
        clientId: TYPED,
        username: TYPED,
        origin: text(2048),
        where: optional(oneOf(STORES)),
        format: optional(oneOf(FORMATS)),
      }),
    ),
  },
  'session.importTokens': {
    accessToken: TOKEN,
    refreshToken: optional(TOKEN),
    idToken: optional(TOKEN),
    clientId: optional(TYPED),
  },
  'session.signIn': {
    poolId: optional(TYPED),
    clientId: TYPED,
    clientSecret: optional(TYPED),
    username: TYPED,
    password: TYPED,
  },
  'session.setActive': { id: ID },
  'session.refresh': { id: optional(ID), allowRotation: optional(boolean()) },
  'session.verify': { id: optional(ID) },
  'session.signOut': { id: ID },
  'session.globalSignOut': { id: ID },
  'session.revealToken': { id: ID, kind: oneOf(TOKEN_KINDS) },
} as const satisfies Record<string, ObjectFields>;
