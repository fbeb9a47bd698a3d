// Retrying a move whose answer was lost. Each user action gets one Idempotency-Key;
// every retry of it sends the very same request with that key, so the server can
// answer a retry of a move it already made with that move's result instead of
// making it again or calling it a conflict.

/** Attempts in all, the first included: enough to ride out a database restart of a few seconds. */
export const MOVE_ATTEMPTS = 4;
/** Waits between attempts when the server names none (Retry-After), growing per retry. */
export const BACKOFF_MS = [1000, 2000, 4000];
/** The longest wait before a retry, whatever Retry-After asks for. */
export const MAX_WAIT_MS = 10000;

/** Failures after which the request may not have been answered, or may succeed if sent again. */
const RETRYABLE = new Set(['network', 'timeout', 'unavailable']);

/** A fresh key for one user action: a random UUID, 36 visible ASCII characters. */
export function newIdempotencyKey() {
  // randomUUID exists only in secure contexts (https, localhost); the board may be served over
  // plain http on a shop's network, where getRandomValues still works.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Calls `send` until it succeeds, fails for a reason a retry cannot fix, or MOVE_ATTEMPTS are used
 * up. The error that ends it carries `attempts`, the number of requests sent.
 *
 * @param {() => Promise<any>} send sends the same request (same body, same key) each time
 * @param {{ onRetry?(attempt: number, error: Error): void, wait?(ms: number): Promise<void> }} options
 */
export async function sendWithRetries(send, { onRetry = () => {}, wait = sleep } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      error.attempts = attempt;
      if (!RETRYABLE.has(error.kind) || attempt >= MOVE_ATTEMPTS) throw error;
      onRetry(attempt + 1, error);
      await wait(delayBefore(attempt, error));
    }
  }
}

function delayBefore(attempt, error) {
  const asked = error.retryAfterSeconds;
  const base = Number.isFinite(asked) && asked > 0 ? asked * 1000 : BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1];
  // A little jitter, so that the boards of a whole shop do not all come back in the same instant.
  return Math.min(MAX_WAIT_MS, base) + Math.floor(Math.random() * 250);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
