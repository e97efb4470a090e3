/**
 * Host match patterns for a loopback endpoint (the sandbox): optional, asked for
 * when Settings names one (match patterns cover every port). A leaf that
 * imports nothing: the manifest (wxt.config.ts, through cognito/regions.ts)
 * and the pages' permission calls (permissions.ts) share it.
 */
export const LOOPBACK_HOST_PATTERNS: readonly string[] = ['http://127.0.0.1/*', 'http://localhost/*'];
