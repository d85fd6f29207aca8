import type { MessageQueue, Store, WebhookQueue } from "./ports.ts";
import type { SecretAccess } from "./secret-grants.ts";

export interface Limits {
  maxRecipients: number;
  maxContextBytes: number;
  /** The first retry delay in seconds; each later one doubles it (see retryDelaySeconds). */
  retryBaseSeconds: number;
  /** How long a trigger call's idempotency key is held, in seconds. */
  idempotencyWindowSeconds: number;
  /** How long a claimed message belongs to its consumer, in seconds; default SENDING_LEASE_SECONDS. */
  sendingLeaseSeconds?: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxRecipients: 20,
  maxContextBytes: 50 * 1024,
  retryBaseSeconds: 2,
  idempotencyWindowSeconds: 24 * 60 * 60,
};

export interface LogFields {
  [key: string]: string | number | boolean | null | undefined;
}

/** A structured logger: one JSON object per line, short lowercase messages. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** What the core verbs need from the runtime they run in. */
export interface Deps {
  store: Store;
  queue: MessageQueue;
  now: () => Date;
  limits: Limits;
  log: Logger;
  /** Which provider secrets each sandbox may use; review reports surfaces naming others. */
  secretAccess?: () => Promise<SecretAccess>;
  /** The queue feedback webhook events go through; without it no events are sent. */
  webhooks?: WebhookQueue;
  /**
   * A SHA-256 function returning lowercase hex, for a runtime with a faster one than
   * WebCrypto's digest (Node's createHash). Default: sha256Hex.
   */
  sha256Hex?: (text: string) => string | Promise<string>;
}
