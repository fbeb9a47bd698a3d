// Draws the board model into the DOM, keyed by status and appointment id, so a
// render moves only what changed: focus, a half-made choice in a select and an
// ongoing drag all survive a poll.

import { formatStart, statusLabel } from './format.js';

export class BoardView {
  #root;
  #onMove;
  #statuses = [];
  /** status → {section, list, count} */
  #columns = new Map();
  /** appointment id → {element, customer, vehicle, start, version, select, button} */
  #cards = new Map();

  /**
   * @param {HTMLElement} root
   * @param {{ onMove(id: string, status: string): void, onHistory?(id: string): void }} handlers
   */
  constructor(root, { onMove, onHistory = () => {} }) {
    this.#root = root;
    this.#onMove = onMove;

    // The select only chooses; the button commits. Arrow keys on a closed
    // select fire `change` at every step, so moving on `change` would send
    // keyboard users' cards through every column on the way.
    root.addEventListener('click', (event) => {
      const history = event.target.closest('.history-btn');
      if (history) {
        onHistory(history.closest('.card').dataset.id);
        return;
      }
      const button = event.target.closest('.move-btn');
      if (!button) return;
      const card = button.closest('.card');
      this.#onMove(card.dataset.id, card.querySelector('.move-to').value);
    });

    root.addEventListener('keydown', (event) => {
      const card = event.target;
      if (!card.classList.contains('card') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = this.#statuses[this.#statuses.indexOf(card.dataset.status) + step];
      if (next) this.#onMove(card.dataset.id, next);
    });
  }

  /** @param {{status: string, cards: {card: object, moving: boolean}[]}[]} layout */
  render(layout) {
    const focused = document.activeElement;
    this.#syncColumns(layout.map((column) => column.status));

    const shown = new Set();
    for (const { status, cards } of layout) {
      const { list, count } = this.#columns.get(status);
      cards.forEach(({ card, moving, retrying }, index) => {
        const parts = this.#cards.get(card.id) ?? this.#createCard(card.id);
        updateCard(parts, card, status, moving, retrying);
        // Cards before `index` are already in place, so only a card that is out
        // of place gets touched.
        if (list.children[index] !== parts.element) list.insertBefore(parts.element, list.children[index] ?? null);
        shown.add(card.id);
      });
      setText(count, String(cards.length));
    }
    for (const [id, parts] of this.#cards) {
      if (shown.has(id)) continue;
      parts.element.remove();
      this.#cards.delete(id);
    }

    // Moving a node drops its focus; a keyboard user must stay on the card they moved.
    if (focused && focused !== document.activeElement && focused.isConnected) focused.focus();
  }

  #syncColumns(statuses) {
    if (statuses.join('\n') === this.#statuses.join('\n')) return;
    this.#statuses = statuses;
    statuses.forEach((status, index) => {
      const { section } = this.#columns.get(status) ?? this.#createColumn(status);
      if (this.#root.children[index] !== section) this.#root.insertBefore(section, this.#root.children[index] ?? null);
    });
    for (const [status, column] of this.#columns) {
      if (statuses.includes(status)) continue;
      column.section.remove();
      this.#columns.delete(status);
    }
    for (const { select } of this.#cards.values()) fillOptions(select, statuses);
  }

  #createColumn(status) {
    const section = element('section', 'column');
    section.dataset.status = status;
    const heading = element('h2', 'column-title');
    heading.id = `column-${status}`;
    const name = element('span', 'column-name');
    name.textContent = statusLabel(status);
    const count = element('span', 'column-count');
    heading.append(name, count);
    const list = element('ul', 'cards');
    section.setAttribute('aria-labelledby', heading.id);
    list.setAttribute('aria-labelledby', heading.id);
    section.append(heading, list);

    const column = { section, list, count };
    this.#columns.set(status, column);
    return column;
  }

  #createCard(id) {
    const card = element('li', 'card');
    card.dataset.id = id;
    card.tabIndex = 0;
    card.draggable = true;
    card.setAttribute('aria-describedby', 'card-help');

    const customer = element('p', 'card-customer');
    const vehicle = element('p', 'card-vehicle');
    const meta = element('p', 'card-meta');
    const start = element('time', 'card-start');
    const version = element('span', 'card-version');
    meta.append(start, version);

    const controls = element('div', 'card-move');
    const select = element('select', 'move-to');
    fillOptions(select, this.#statuses);
    const button = element('button', 'move-btn');
    button.type = 'button';
    button.textContent = 'Move';
    controls.append(select, button);

    // Last, so that Tab from a card reaches its move controls first.
    const history = element('button', 'history-btn');
    history.type = 'button';
    history.textContent = 'History';

    card.append(customer, vehicle, meta, controls, history);
    const parts = { element: card, customer, vehicle, start, version, select, button };
    this.#cards.set(id, parts);
    return parts;
  }
}

function updateCard(parts, card, status, moving, retrying) {
  const { element: node, customer, vehicle, start, version, select, button } = parts;
  const statusChanged = node.dataset.status !== status;
  const who = card.customer || 'appointment';
  const when = formatStart(card.start);

  setData(node, 'status', status);
  setData(node, 'version', String(card.version));
  setText(customer, card.customer);
  setText(vehicle, card.vehicle);
  setText(start, when);
  setAttribute(start, 'datetime', card.start ?? '');
  setText(version, `v${card.version}`);
  setAttribute(version, 'title', `Version ${card.version}`);
  setAttribute(node, 'aria-label', [card.customer, card.vehicle, when, statusLabel(status)].filter(Boolean).join(', '));
  setAttribute(select, 'aria-label', `Move ${who} to`);
  setAttribute(button, 'aria-label', `Move ${who} to the chosen status`);

  node.classList.toggle('pending', moving);
  node.classList.toggle('retrying', moving && retrying);
  node.draggable = !moving;
  if (moving) node.setAttribute('aria-busy', 'true');
  else node.removeAttribute('aria-busy');
  // Reset the chooser only when the card changed column, so a poll does not
  // undo a choice the user is in the middle of making.
  if (statusChanged) select.value = status;
}

function fillOptions(select, statuses) {
  const chosen = select.value;
  select.replaceChildren(
    ...statuses.map((status) => {
      const option = document.createElement('option');
      option.value = status;
      option.textContent = statusLabel(status);
      return option;
    }),
  );
  if (statuses.includes(chosen)) select.value = chosen;
}

function element(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

// The setters below skip writes that change nothing, so an idle poll leaves
// the DOM untouched.
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setData(node, key, value) {
  if (node.dataset[key] !== value) node.dataset[key] = value;
}

function setAttribute(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}
