// HTTP access to the board API. Every failure becomes an ApiError whose `kind`
// says how the UI should react, so callers never look at status codes.

import { sessionHeaders } from './session.js';

export const REQUEST_TIMEOUT_MS = 8000;

export class ApiError extends Error {
  /**
   * @param {'conflict'|'not-found'|'invalid'|'unavailable'|'timeout'|'network'|'server'|'aborted'|'unauthenticated'|'forbidden'} kind
   */
  constructor(kind, message, { status = 0, code = null, current = null, retryAfterSeconds = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.current = current;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Loads the board. With `etag`, the ETag of the board on screen, an unchanged board costs the
 * server one small query and comes back as `{ notModified: true }` (304, no body); otherwise the
 * answer is `{ columns, etag }`, with the ETag of these columns.
 */
export async function fetchBoard(from, to, signal, etag = null) {
  const query = new URLSearchParams({ from, to });
  const headers = etag ? { 'If-None-Match': etag } : {};
  const answer = await exchange(`api/admin/appointments/board?${query}`, { signal, headers });
  if (answer.status === 304) return { notModified: true };
  if (!Array.isArray(answer.data?.columns)) {
    throw new ApiError('server', 'the board response has no columns');
  }
  return { columns: answer.data.columns, etag: answer.headers.get('ETag') };
}

/** The card's moves, oldest first: who moved it where, and when. */
export async function fetchHistory(id, signal) {
  const data = await request(`api/admin/appointments/${encodeURIComponent(id)}/history`, { signal });
  if (!Array.isArray(data?.moves)) throw new ApiError('server', 'the history response has no moves');
  return data.moves;
}

/** Sends one move; a retry of the same user action must send the same `idempotencyKey`. */
export function moveAppointment(id, status, version, idempotencyKey) {
  return request(`api/admin/appointments/${encodeURIComponent(id)}/move`, {
    method: 'POST',
    body: { status, version },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

async function request(path, options) {
  return (await exchange(path, options)).data;
}

/** Sends a request; answers `{ status, data, headers }`, `data` being the envelope's. */
async function exchange(path, { method = 'GET', body, headers: extra = {}, signal, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  // One controller serves both the timeout and the caller's cancellation, so a
  // hung server can never leave a move waiting forever.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener('abort', forwardAbort, { once: true });

  try {
    const headers = { ...extra, ...sessionHeaders(method), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(new URL(path, document.baseURI), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      // Polls must see the database, not a cached copy of an older board: the browser's cache
      // stays out, and a board poll asks If-None-Match itself, so that a 304 reaches this code.
      cache: 'no-store',
    });
    // Only a conditional request gets it: "what you have is current", with no body.
    if (response.status === 304) return { status: 304, data: null, headers: response.headers };
    // Reading the body stays under the same timeout as the headers.
    const payload = parseJson(await response.text());
    if (response.ok && payload?.ok === true) {
      return { status: response.status, data: payload.data, headers: response.headers };
    }
    throw classify(response, payload);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (timedOut) throw new ApiError('timeout', `no answer within ${timeoutMs / 1000} s`);
    if (controller.signal.aborted) throw new ApiError('aborted', 'request cancelled');
    throw new ApiError('network', 'the server could not be reached');
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function classify(response, payload) {
  const error = payload?.error ?? {};
  const status = response.status;
  const details = { status, code: typeof error.code === 'string' ? error.code : null };
  const message = typeof error.message === 'string' && error.message ? error.message : `HTTP ${status}`;

  if (status === 401) return new ApiError('unauthenticated', message, details);
  if (status === 403) return new ApiError('forbidden', message, details);
  if (status === 409) return new ApiError('conflict', message, { ...details, current: error.current ?? null });
  if (status === 404) return new ApiError('not-found', message, details);
  if (status === 400 || status === 422) return new ApiError('invalid', message, details);
  if (status === 503) {
    const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return new ApiError('unavailable', message, {
      ...details,
      retryAfterSeconds: Number.isFinite(seconds) ? seconds : null,
    });
  }
  // Anything else, including a 2xx without the {"ok": true} envelope, is a server fault.
  return new ApiError('server', message, details);
}
