/** The wire shapes shared by the operations table and its request builders. */
export type Json = Record<string, unknown>;

/** A request ready to send: the validated body and the secrets it carries (scrubbed from any error). */
export interface WireRequest {
  readonly body: Json;
  readonly secrets: readonly string[];
}
