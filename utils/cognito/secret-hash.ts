/**
 * SECRET_HASH of an app client with a secret: Base64(HMAC-SHA256(clientSecret,
 * username + clientId)), per the Cognito developer guide ("Computing secret
 * hash values"). Web Crypto only; the secret never leaves this function.
 */

/** Compute the SECRET_HASH for `username` and `clientId`. */
export async function computeSecretHash(clientSecret: string, username: string, clientId: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(clientSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(username + clientId)));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}
