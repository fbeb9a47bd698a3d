// HTML5 drag and drop of cards between columns, by event delegation on the board
// so cards and columns can be re-rendered without re-binding anything.

/**
 * @param {HTMLElement} board
 * @param {{ onDrop(id: string, status: string): void, onDragEnd(): void }} handlers
 */
export function enableDragAndDrop(board, { onDrop, onDragEnd }) {
  let dragged = null;

  const clearTargets = () => {
    for (const column of board.querySelectorAll('.column.drop-target')) column.classList.remove('drop-target');
  };

  board.addEventListener('dragstart', (event) => {
    const card = event.target.closest?.('.card');
    if (!card || card.classList.contains('pending')) {
      event.preventDefault();
      return;
    }
    dragged = { id: card.dataset.id, from: card.dataset.status, card };
    event.dataTransfer?.setData('text/plain', card.dataset.id);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
    // Bound to the card itself: if a render detaches the card mid-drag, its
    // dragend no longer bubbles to the board, and the drag must still end.
    card.addEventListener('dragend', endDrag, { once: true });
  });

  board.addEventListener('dragover', (event) => {
    const column = event.target.closest?.('.column');
    // Dropping back on the card's own column would be a no-op move.
    if (!column || !dragged || column.dataset.status === dragged.from) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    if (!column.classList.contains('drop-target')) {
      clearTargets();
      column.classList.add('drop-target');
    }
  });

  board.addEventListener('dragleave', (event) => {
    const column = event.target.closest?.('.column');
    if (column && !column.contains(event.relatedTarget)) column.classList.remove('drop-target');
  });

  board.addEventListener('drop', (event) => {
    const column = event.target.closest?.('.column');
    if (!column) return;
    event.preventDefault();
    // The transferred id also makes a drop work that was not preceded by a
    // dragstart on this page (browser tests dispatch synthetic drops).
    const id = event.dataTransfer?.getData('text/plain') || dragged?.id;
    clearTargets();
    if (id) onDrop(id, column.dataset.status);
  });

  function endDrag() {
    dragged?.card.classList.remove('dragging');
    dragged = null;
    clearTargets();
    onDragEnd();
  }

  return {
    isDragging: () => dragged !== null,
  };
}
