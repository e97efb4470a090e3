/**
 * User pool ids (model UserPoolIdType: `[\w-]+_[0-9a-zA-Z]+`, 1..55) and their
 * region. A module of its own so the popup can use it without the client's
 * constraint table; constraints.ts uses the same pattern and its test checks
 * it against the model.
 */

/** Anchored JS form of UserPoolIdType's pattern. */
export const USER_POOL_ID_PATTERN = /^(?:[\w-]+_[0-9a-zA-Z]+)$/u;
export const USER_POOL_ID_MAX = 55;

/** True when `value` is a user pool id by the model. */
export function isUserPoolId(value: string): boolean {
  return value.length >= 1 && value.length <= USER_POOL_ID_MAX && USER_POOL_ID_PATTERN.test(value);
}

/** The region of a user pool id (`us-east-1_AbC` → `us-east-1`), or undefined when it is not a pool id. */
export function regionOfPoolId(userPoolId: string): string | undefined {
  return isUserPoolId(userPoolId) ? userPoolId.slice(0, userPoolId.lastIndexOf('_')) : undefined;
}
