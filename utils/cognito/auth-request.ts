/**
 * The InitiateAuth body of each flow the client uses (USER_PASSWORD_AUTH,
 * REFRESH_TOKEN_AUTH), validated against the model before any request, with
 * SECRET_HASH when the app client has a secret. A row of operations.ts uses it.
 */
import { AppError } from '../errors';
import { checkOptionalString, checkString } from './constraints';
import { checkPassword, type InitiateAuthInput } from './inputs';
import { computeSecretHash } from './secret-hash';
import type { WireRequest } from './wire';

export async function initiateAuthRequest(input: InitiateAuthInput): Promise<WireRequest> {
  const clientId = checkString('ClientId', input.clientId);
  const clientSecret = checkOptionalString('ClientSecret', input.clientSecret);
  const params: Record<string, string> = {};
  const secrets: string[] = [];
  let hashUser: string | undefined;
  if (input.flow === 'USER_PASSWORD_AUTH') {
    params.USERNAME = checkString('Username', input.username);
    params.PASSWORD = checkPassword(input.password);
    secrets.push(input.password);
    hashUser = params.USERNAME;
  } else if (input.flow === 'REFRESH_TOKEN_AUTH') {
    params.REFRESH_TOKEN = checkString('RefreshToken', input.refreshToken);
    secrets.push(input.refreshToken);
    const key = checkOptionalString('DeviceKey', input.deviceKey);
    if (key !== undefined) params.DEVICE_KEY = key;
    // For a refresh, SECRET_HASH is computed over the username (or sub) of the token's user.
    hashUser = checkOptionalString('Username', input.username);
    if (clientSecret !== undefined && hashUser === undefined) {
      throw new AppError('ERR_INVALID_USERNAME', 'Username is needed to compute SECRET_HASH.', {
        details: { field: 'Username' },
      });
    }
  } else {
    throw new AppError('ERR_INVALID_INPUT', 'Unsupported auth flow.', { details: { field: 'AuthFlow' } });
  }
  if (clientSecret !== undefined && hashUser !== undefined) {
    params.SECRET_HASH = await computeSecretHash(clientSecret, hashUser, clientId);
    secrets.push(clientSecret, params.SECRET_HASH);
  }
  return { body: { AuthFlow: input.flow, ClientId: clientId, AuthParameters: params }, secrets };
}
