// Short notices in the #toasts live region, plus screen-reader-only announcements.

const DISMISS_AFTER_MS = { info: 8000, error: 10000 };
const MAX_VISIBLE = 4;

/** @param {'info'|'error'} kind */
export function showToast(kind, message) {
  const container = document.getElementById('toasts');
  const toast = document.createElement('div');
  toast.className = `toast toast-${kind}`;
  const text = document.createElement('span');
  text.className = 'toast-text';
  text.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss notification');
  close.textContent = '×';
  close.addEventListener('click', () => toast.remove());
  toast.append(text, close);
  container.append(toast);

  // A burst of failures should not bury the board under notices.
  while (container.children.length > MAX_VISIBLE) container.firstElementChild.remove();
  setTimeout(() => toast.remove(), DISMISS_AFTER_MS[kind]);
}

/** Tells screen-reader users what a sighted user sees happen (e.g. a card changing column). */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  // Clearing first makes a repeated message be read again.
  announcer.textContent = '';
  requestAnimationFrame(() => {
    announcer.textContent = message;
  });
}
