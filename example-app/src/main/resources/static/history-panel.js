// A card's history in a side panel: each move's columns, who made it and when. Opened by a card's
// History button; Escape or the close button shuts it.

import { fetchHistory } from './api.js';
import { formatClock, formatStart, statusLabel } from './format.js';

const panel = document.getElementById('history');
const title = document.getElementById('history-title');
const list = document.getElementById('history-moves');
const state = document.getElementById('history-state');
let loading = null;
let opener = null;

document.getElementById('history-close').addEventListener('click', close);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !panel.hidden) close();
});

/** Opens the panel for the card and loads its moves. */
export async function openHistory(id, subject) {
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  opener = document.activeElement;
  title.textContent = `History: ${subject}`;
  list.replaceChildren();
  state.textContent = 'Loading…';
  panel.dataset.id = id;
  panel.hidden = false;
  panel.focus();
  try {
    const moves = await fetchHistory(id, controller.signal);
    if (controller.signal.aborted) return;
    state.textContent = moves.length === 0 ? 'Not moved yet.' : '';
    list.replaceChildren(...moves.map(item));
  } catch (error) {
    if (error.kind === 'aborted') return;
    state.textContent = `The history could not be loaded: ${error.message}`;
  }
}

function item(move) {
  const li = document.createElement('li');
  li.className = 'history-move';
  const what = document.createElement('span');
  what.className = 'history-what';
  what.textContent = `${statusLabel(String(move.from_status))} → ${statusLabel(String(move.to_status))}`;
  const who = document.createElement('span');
  who.className = 'history-who';
  who.textContent = move.moved_by ?? 'unknown';
  const when = document.createElement('time');
  when.className = 'history-when';
  when.dateTime = move.moved_at ?? '';
  const at = new Date(move.moved_at ?? '');
  when.textContent = Number.isNaN(at.getTime()) ? String(move.moved_at) : `${formatStart(move.moved_at)} · ${formatClock(at)}`;
  li.append(what, who, when);
  return li;
}

function close() {
  loading?.abort();
  panel.hidden = true;
  delete panel.dataset.id;
  if (opener?.isConnected) opener.focus();
}
