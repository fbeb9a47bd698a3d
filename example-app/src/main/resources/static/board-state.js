// The board's model: the last server snapshot plus an overlay of moves in flight.
// Keeping the two apart makes rollback a matter of dropping the overlay, and lets
// a poll replace the snapshot without disturbing a card that is mid-move.

export class BoardState {
  #statuses = [];
  /** status → appointment ids, in the server's order */
  #columns = new Map();
  /** appointment id → card */
  #cards = new Map();
  /** appointment id → target status of its move in flight */
  #moving = new Map();
  /** ids of the moves in flight whose first answer was lost or refused, now being sent again */
  #retrying = new Set();

  get statuses() {
    return this.#statuses;
  }

  get movingCount() {
    return this.#moving.size;
  }

  card(id) {
    return this.#cards.get(id);
  }

  /** Replaces the snapshot with a board response's `columns`. */
  replaceWith(serverColumns) {
    const previous = this.#cards;
    const cards = new Map();
    const placed = [];
    for (const column of serverColumns) {
      const columnStatus = String(column.status);
      for (const item of Array.isArray(column.items) ? column.items : []) {
        const card = toCard(item, columnStatus);
        const known = previous.get(card.id);
        // Versions only grow: a poll that was answered before our own move
        // committed must not drag the card back to where it came from.
        cards.set(card.id, known && known.version > card.version ? known : card);
        placed.push({ id: card.id, columnStatus });
      }
    }
    // A card whose move is in flight keeps its place even if it left the
    // snapshot (say, the date range changed under it) until the move settles.
    const kept = [];
    for (const id of this.#moving.keys()) {
      if (!cards.has(id) && previous.has(id)) {
        cards.set(id, previous.get(id));
        kept.push(id);
      }
    }

    this.#statuses = serverColumns.map((column) => String(column.status));
    this.#columns = new Map(this.#statuses.map((status) => [status, []]));
    this.#cards = cards;
    const misplaced = [];
    for (const { id, columnStatus } of placed) {
      const status = cards.get(id).status;
      if (status === columnStatus && this.#columns.has(status)) this.#columns.get(status).push(id);
      else misplaced.push(id);
    }
    for (const id of [...misplaced, ...kept]) this.#place(id);
  }

  /** Starts a move; false when it must be ignored (unknown card, same column, or already moving). */
  beginMove(id, status) {
    const card = this.#cards.get(id);
    if (!card || this.#moving.has(id) || card.status === status || !this.#columns.has(status)) return false;
    this.#moving.set(id, status);
    return true;
  }

  isMoving(id) {
    return this.#moving.has(id);
  }

  /** Marks a move in flight as being retried, which the board shows. */
  retrying(id) {
    if (this.#moving.has(id)) this.#retrying.add(id);
  }

  /** Applies a successful move response: `{appointment_id, status, version, updated_at}`. */
  commitMove(id, result) {
    this.#settle(id);
    const card = this.#cards.get(id);
    if (!card) return;
    const version = Number(result.version);
    if (Number.isFinite(version) && version < card.version) return;
    this.#cards.set(id, {
      ...card,
      status: String(result.status ?? card.status),
      version: Number.isFinite(version) ? version : card.version,
      updatedAt: result.updated_at ?? card.updatedAt,
    });
    this.#place(id);
  }

  rollback(id) {
    this.#settle(id);
  }

  /** Takes in a card the server sent outside a board response, e.g. the `current` card of a 409. */
  upsert(item) {
    const card = toCard(item, '');
    const known = this.#cards.get(card.id);
    if (known && known.version > card.version) return;
    this.#cards.set(card.id, card);
    this.#place(card.id);
  }

  remove(id) {
    this.#settle(id);
    this.#unplace(id);
    this.#cards.delete(id);
  }

  /** What the board should show: `[{status, cards: [{card, moving, retrying}]}]`, moves in flight where they are headed. */
  layout() {
    const columns = new Map(this.#statuses.map((status) => [status, [...this.#columns.get(status)]]));
    for (const [id, target] of this.#moving) {
      const from = columns.get(this.#cards.get(id)?.status);
      if (!from || !columns.has(target)) continue;
      from.splice(from.indexOf(id), 1);
      insertByStart(columns.get(target), id, this.#cards);
    }
    return this.#statuses.map((status) => ({
      status,
      cards: columns.get(status).map((id) => ({
        card: this.#cards.get(id),
        moving: this.#moving.has(id),
        retrying: this.#retrying.has(id),
      })),
    }));
  }

  #settle(id) {
    this.#moving.delete(id);
    this.#retrying.delete(id);
  }

  #place(id) {
    this.#unplace(id);
    const column = this.#columns.get(this.#cards.get(id).status);
    // A status the board has no column for (e.g. CANCELLED on a board without
    // it) just takes the card off the board.
    if (column) insertByStart(column, id, this.#cards);
    else this.#cards.delete(id);
  }

  #unplace(id) {
    for (const ids of this.#columns.values()) {
      const index = ids.indexOf(id);
      if (index >= 0) ids.splice(index, 1);
    }
  }
}

function toCard(item, columnStatus) {
  const version = Number(item.version);
  return {
    id: String(item.appointment_id),
    status: String(item.status ?? columnStatus),
    version: Number.isFinite(version) ? version : 0,
    updatedAt: item.updated_at ?? null,
    customer: String(item.customer_name ?? ''),
    vehicle: String(item.vehicle ?? ''),
    start: item.start_ts ?? null,
  };
}

// Cards the client places itself go where the server would most likely put
// them: in start-time order. The next poll settles the exact position.
function insertByStart(ids, id, cards) {
  const start = startMillis(cards.get(id));
  const index = ids.findIndex((other) => startMillis(cards.get(other)) > start);
  ids.splice(index < 0 ? ids.length : index, 0, id);
}

function startMillis(card) {
  const millis = Date.parse(card?.start ?? '');
  return Number.isNaN(millis) ? Number.POSITIVE_INFINITY : millis;
}
