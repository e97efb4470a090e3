/**
 * The ways a session comes in: imported from a tab's web storage (Amplify /
 * amazon-cognito-identity-js keys), pasted tokens, and a sign-in with
 * USER_PASSWORD_AUTH. Input is checked against the model before any call.
 */
import { AppError } from '../errors';
import type { MessageHandlers, RequestOf } from '../messages';
import { classifyIssuer } from '../token/issuer';
import type { SessionHandlerDeps } from './contracts';
import type { SessionCore } from './lifecycle';
import { pickPageSession } from './page-choice';
import { isClientId, isUsername } from './page-storage';
import { publicSession } from './types';

/** ClientSecretType: `[\w+]+`, 24..64. */
const CLIENT_SECRET = /^[\w+]{24,64}$/;

type ImportHandlers = Required<
  Pick<MessageHandlers, 'session.importFromTab' | 'session.importTokens' | 'session.signIn'>
>;

export function importHandlers(deps: SessionHandlerDeps, core: SessionCore): ImportHandlers {
  return {
    'session.importFromTab': async ({ tabId, choice }) => {
      const pick = pickPageSession(await deps.readTab(tabId), choice);
      if (pick.kind === 'choose') return pick.answer;
      const { picked, candidate, answer } = pick;
      const problem = candidate?.problem;
      if (problem) throw new AppError(problem);
      const { accessToken } = picked.values;
      if (!accessToken) throw new AppError('ERR_SESSION_INCOMPLETE');
      if (!choice && deps.hasHostAccess) {
        // A real region's host permission must be requested from a click: let the UI ask first.
        // (The override never applies to a Cognito issuer, so it changes nothing here.)
        const issuer = classifyIssuer(candidate?.issuer ?? '');
        if (issuer.trust === 'cognito' && issuer.origin && !(await deps.hasHostAccess(issuer.origin))) return answer;
      }
      const session = await core.record(
        {
          action: 'session.import',
          clientId: picked.clientId,
          username: picked.username,
          poolId: candidate?.poolId,
        },
        () =>
          core.addSession({
            source: 'page',
            origin: answer.origin,
            accessToken,
            idToken: picked.values.idToken,
            refreshToken: picked.values.refreshToken,
            clientId: picked.clientId,
            deviceKey: picked.values.deviceKey,
            deviceGroupKey: picked.values.deviceGroupKey,
            clockDriftSec: picked.values.clockDriftSec,
          }),
      );
      return { kind: 'imported', session: publicSession(session) };
    },

    'session.importTokens': async (req: RequestOf<'session.importTokens'>) => {
      if (typeof req.accessToken !== 'string' || req.accessToken.trim() === '') {
        throw new AppError('ERR_INVALID_ACCESS_TOKEN', undefined, { details: { field: 'accessToken' } });
      }
      const session = await core.record({ action: 'session.import', clientId: req.clientId }, () =>
        core.addSession({
          source: 'paste',
          accessToken: req.accessToken,
          refreshToken: req.refreshToken,
          idToken: req.idToken,
          clientId: req.clientId,
        }),
      );
      return { session: publicSession(session) };
    },

    'session.signIn': async (req) => {
      const clientId = req.clientId?.trim() ?? '';
      const username = req.username?.trim() ?? '';
      const poolId = req.poolId?.trim() || undefined;
      const clientSecret = req.clientSecret?.trim() || undefined;
      if (!isClientId(clientId))
        throw new AppError('ERR_INVALID_CLIENT_ID', undefined, { details: { field: 'clientId' } });
      if (!isUsername(username))
        throw new AppError('ERR_INVALID_USERNAME', undefined, { details: { field: 'username' } });
      if (typeof req.password !== 'string' || req.password.length === 0) {
        throw new AppError('ERR_INVALID_PASSWORD', undefined, { details: { field: 'password' } });
      }
      if (clientSecret !== undefined && !CLIENT_SECRET.test(clientSecret)) {
        throw new AppError('ERR_INVALID_CLIENT_SECRET', undefined, { details: { field: 'clientSecret' } });
      }
      const override = await core.currentOverride();
      if (!override && !poolId) {
        throw new AppError('ERR_INVALID_USER_POOL_ID', undefined, { details: { field: 'poolId' } });
      }
      const endpoint = override || deps.resolveEndpoint({ userPoolId: poolId });
      const session = await core.record({ action: 'session.signIn', clientId, username, poolId }, async () => {
        const result = await (await deps.cognito(endpoint)).initiateAuth({
          clientId,
          clientSecret,
          flow: 'USER_PASSWORD_AUTH',
          username,
          password: req.password,
        });
        if (result.kind === 'challenge') {
          throw new AppError('ERR_SESSION_CHALLENGE_UNSUPPORTED', undefined, {
            details: { awsName: result.challengeName },
          });
        }
        return core.addSession({
          source: 'signIn',
          accessToken: result.tokens.accessToken,
          idToken: result.tokens.idToken,
          refreshToken: result.tokens.refreshToken,
          clientSecret,
          clientId,
          // A sign-in on a pool that tracks devices binds the refresh token to this new device.
          deviceKey: result.newDevice?.deviceKey,
          deviceGroupKey: result.newDevice?.deviceGroupKey,
        });
      });
      return { session: publicSession(session) };
    },
  };
}
