/*
 * The shop's appointment board: wires the API, the board model and its view.
 *
 * Stable hooks for browser tests:
 *   - columns: <section class="column" data-status="…"> containing <ul class="cards">, in the server's order
 *   - cards:   <li class="card" data-id data-version data-status>; while the card's move is in
 *              flight it also has class "pending" and aria-busy="true" (data-status is then the
 *              column it is shown in, i.e. the target), and class "retrying" once its first
 *              answer was lost or refused and the same request (same Idempotency-Key) is re-sent
 *   - keyboard/button move: pick a status in the card's <select class="move-to" aria-label="Move … to">,
 *              then click its <button class="move-btn">; choosing alone does not move. A focused card
 *              also moves one column with ArrowLeft / ArrowRight.
 *   - drag and drop: dragstart on a .card, drop on a section.column; a synthetic `drop` on the column
 *              whose dataTransfer holds text/plain = appointment id is enough on its own
 *   - toasts:  #toasts > .toast.toast-info (version conflict) / .toast.toast-error (failed move)
 *   - date range: <input id="from">, <input id="to">
 *   - <body data-ready="true"> once the first board is rendered;
 *     window.__board = { reload(): Promise, inFlight(): number }
 *   - poll interval in ms: ?poll=… in the URL, else <body data-poll-ms="…">, else 5000; 0 stops polling
 *   - each load sends the ETag of the board on screen as If-None-Match (none after a local change);
 *     a 304 keeps the view as it is
 */

import { fetchBoard, moveAppointment } from './api.js';
import { newIdempotencyKey, sendWithRetries } from './retry.js';
import { BoardState } from './board-state.js';
import { BoardView } from './board-view.js';
import { enableDragAndDrop } from './dnd.js';
import { addDays, formatClock, localIsoDate, statusLabel } from './format.js';
import { announce, showToast } from './toast.js';
import { loadSession, showUser, signInAgain } from './session.js';
import { openHistory } from './history-panel.js';

const DEFAULT_POLL_MS = 5000;
// Guards the server against a typo like ?poll=5 while still letting tests poll fast.
const MIN_POLL_MS = 100;

const fromInput = document.getElementById('from');
const toInput = document.getElementById('to');
const syncLine = document.getElementById('sync');
const boardRoot = document.getElementById('board');
const pollMs = pollInterval();

const state = new BoardState();
const view = new BoardView(boardRoot, {
  onMove: move,
  onHistory: (id) => openHistory(id, state.card(id)?.customer ?? `appointment ${id}`),
});
const dnd = enableDragAndDrop(boardRoot, { onDrop: move, onDragEnd: applyDeferred });

// Aborted when the date range changes, so an answer for the old range never lands.
let rangeLoads = new AbortController();
let loadsStarted = 0;
let newestApplied = 0;
// The last server board the DOM reflects; an identical poll is skipped outright.
let shownSnapshot = null;
// That board's ETag, sent as If-None-Match. Null whenever the DOM shows anything else (a move of
// this page, another range, nothing yet): a 304 may only ever confirm a board as the server sent it.
let shownTag = null;
// A poll that arrived mid-drag, held back because moving the dragged node ends the drag.
let deferred = null;
let pollTimer;

function render() {
  view.render(state.layout());
}

async function load() {
  const ticket = ++loadsStarted;
  const { signal } = rangeLoads;
  const sentTag = shownTag;
  try {
    const answer = await fetchBoard(fromInput.value, toInput.value, signal, sentTag);
    // Answers can overtake each other; only the newest request may paint.
    if (signal.aborted || ticket < newestApplied) return;
    // A 304 vouches for the board the request named, which may have left the screen since.
    if (answer.notModified && sentTag !== shownTag) return;
    newestApplied = ticket;
    if (!answer.notModified) applySnapshot(answer.columns, answer.etag);
    syncLine.textContent = `Updated ${formatClock(new Date())}`;
    syncLine.classList.remove('sync-failed');
  } catch (error) {
    if (error.kind === 'aborted') return;
    if (error.kind === 'unauthenticated') signInAgain();
    if (ticket < newestApplied) throw error;
    const retrying = pollMs > 0 && error.kind !== 'invalid' ? ', retrying' : '';
    syncLine.textContent = `Board not updated: ${error.message.replace(/\.$/, '')}${retrying}`;
    syncLine.classList.add('sync-failed');
    throw error;
  }
}

function applySnapshot(columns, etag) {
  const key = JSON.stringify(columns);
  if (key === shownSnapshot) {
    // What the screen shows is current: a board held back mid-drag is older, and void.
    deferred = null;
    shownTag = etag;
    return;
  }
  if (dnd.isDragging()) {
    deferred = { columns, etag };
    return;
  }
  deferred = null;
  shownSnapshot = key;
  shownTag = etag;
  state.replaceWith(columns);
  render();
  document.body.dataset.ready = 'true';
}

function applyDeferred() {
  if (deferred) applySnapshot(deferred.columns, deferred.etag);
}

async function move(id, status) {
  const card = state.card(id);
  // Also the double-move guard: a card whose move is in flight is refused here.
  if (!card || !state.beginMove(id, status)) return;
  renderLocalChange();
  const subject = card.customer ? `${card.customer}'s appointment` : 'The appointment';

  // One key per user action: every retry of this move carries it, so that a move whose answer
  // was lost is answered with its result when sent again, not applied twice or called a conflict.
  const key = newIdempotencyKey();
  const version = card.version;

  try {
    const result = await sendWithRetries(() => moveAppointment(id, status, version, key), {
      onRetry: () => {
        state.retrying(id);
        renderLocalChange();
        announce(`No answer from the server yet; sending the move of ${subject} again.`);
      },
    });
    state.commitMove(id, result);
    renderLocalChange();
    announce(`${subject} moved to ${statusLabel(status)}.`);
  } catch (error) {
    state.rollback(id);
    if (error.kind === 'conflict' && error.attempts > 1 && isOurMove(error.current, status, version)) {
      // A server that no longer knows the key (it expired, or it keeps none) answers a retry of a
      // move it already made with a conflict, whose card is exactly where this move put it.
      state.upsert(error.current);
      renderLocalChange();
      announce(`${subject} moved to ${statusLabel(status)}.`);
      return;
    }
    if (error.kind === 'conflict') {
      if (error.current) state.upsert(error.current);
      showToast('info', `${subject} was updated by someone else. The board is refreshed; please try again.`);
    } else if (error.kind === 'unauthenticated') {
      signInAgain();
    } else if (error.kind === 'forbidden') {
      showToast('error', `${subject} could not be moved: ${error.message}`);
    } else if (error.kind === 'not-found') {
      state.remove(id);
      showToast('error', `${subject} no longer exists.`);
    } else {
      showToast('error', failureMessage(subject, error));
    }
    renderLocalChange();
    // A move that timed out may still have committed, and after a conflict the
    // rest of the board is likely stale too: ask the server for the truth.
    load().catch(() => {});
  }
}

function renderLocalChange() {
  // The board no longer matches the last server board, so the next poll must
  // paint even if the server's answer has not changed since, and must not ask for a 304.
  shownSnapshot = null;
  shownTag = null;
  render();
}

function isOurMove(current, status, version) {
  return current != null && String(current.status) === status && Number(current.version) === version + 1;
}

function failureMessage(subject, error) {
  const failed = `${subject} could not be moved`;
  const tries = error.attempts > 1 ? ` after ${error.attempts} tries` : '';
  if (error.kind === 'invalid') return `${failed}: ${error.message}`;
  // The move may have been saved even though no answer said so: the reloaded board tells.
  if (error.kind === 'timeout' || error.kind === 'network' || error.code === 'OUTCOME_UNKNOWN') {
    return `No answer from the server${tries}: ${subject} may or may not have moved. The board has been reloaded to show where it is; please check it before moving it again.`;
  }
  if (error.kind === 'unavailable') {
    return `${failed}: the server stayed unavailable${tries}. The board has been reloaded; please try again in a moment.`;
  }
  return `${failed}. Please try again.`;
}

function pollInterval() {
  const raw = new URLSearchParams(location.search).get('poll') ?? document.body.dataset.pollMs;
  const ms = Number(raw);
  if (raw == null || raw.trim() === '' || !Number.isFinite(ms) || ms < 0) return DEFAULT_POLL_MS;
  return ms === 0 ? 0 : Math.max(ms, MIN_POLL_MS);
}

function schedulePoll() {
  clearTimeout(pollTimer);
  if (pollMs > 0) pollTimer = setTimeout(poll, pollMs);
}

async function poll() {
  // A hidden tab need not load the server; it catches up on visibilitychange.
  if (!document.hidden) await load().catch(() => {});
  schedulePoll();
}

function onRangeChange(event) {
  if (!fromInput.value || !toInput.value) return;
  // The server refuses from > to, so the other end follows the one just edited.
  if (fromInput.value > toInput.value) {
    if (event.target === fromInput) toInput.value = fromInput.value;
    else fromInput.value = toInput.value;
  }
  rangeLoads.abort();
  rangeLoads = new AbortController();
  shownTag = null;
  load().catch(() => {});
  schedulePoll();
}

const today = new Date();
fromInput.value = localIsoDate(today);
toInput.value = localIsoDate(addDays(today, 1));
fromInput.addEventListener('change', onRangeChange);
toInput.addEventListener('change', onRangeChange);
document.addEventListener('visibilitychange', () => {
  if (document.hidden) return;
  load().catch(() => {});
  schedulePoll();
});

window.__board = {
  reload: () => load(),
  inFlight: () => state.movingCount,
};

showUser(await loadSession());
load().catch(() => {});
schedulePoll();
