/**
 * A client that rotates refresh tokens refuses REFRESH_TOKEN_AUTH ("REFRESH_TOKEN_AUTH flow not enabled for
 * this client": the RefreshTokenRotationType reference). The refresh token is not spent by that answer, so a
 * borrowed session's web app keeps working; the extension does not go on to GetTokensFromRefreshToken,
 * which would rotate the app's token and sign it out. Said in words of its own.
 */
import { AppError } from '../errors';

export function asRotationRefusal(error: unknown): unknown {
  if (
    error instanceof AppError &&
    (error.code === 'ERR_COGNITO_AUTH_FLOW_DISABLED' || error.code === 'ERR_COGNITO_INVALID_PARAMETER') &&
    /REFRESH_TOKEN_AUTH flow not enabled/.test(error.details.awsMessage ?? '')
  ) {
    return new AppError('ERR_SESSION_REFRESH_ROTATING', undefined, { cause: error, details: error.details });
  }
  return error;
}
