/**
 * Settings' endpoint override as the background may use it: only a loopback
 * URL (the local sandbox). The settings form already refuses anything else;
 * this re-checks a stored value (corrupted, or imported from a later version)
 * so passwords and tokens can never go to an arbitrary host. Pure.
 */
import { isLoopbackUrl, resolveEndpoint } from '../cognito/endpoint';
import { AppError } from '../errors';
import type { Settings } from '../settings';

/**
 * The validated override (`http://127.0.0.1:<port>/`), or '' when none is set.
 * @throws AppError ERR_INVALID_ENDPOINT (field `endpointOverride`) when it is not a loopback URL.
 */
export function loopbackOverride(settings: Pick<Settings, 'endpointOverride'>): string {
  const raw = typeof settings.endpointOverride === 'string' ? settings.endpointOverride.trim() : '';
  if (!raw) return '';
  let endpoint: string;
  try {
    endpoint = resolveEndpoint({ custom: raw });
  } catch (cause) {
    throw new AppError('ERR_INVALID_ENDPOINT', 'The endpoint override is not a loopback URL.', {
      cause,
      details: { field: 'endpointOverride' },
    });
  }
  if (!isLoopbackUrl(new URL(endpoint))) {
    throw new AppError('ERR_INVALID_ENDPOINT', 'The endpoint override is not a loopback URL.', {
      details: { field: 'endpointOverride' },
    });
  }
  return endpoint;
}
