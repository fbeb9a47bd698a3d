// Who is signed in, and the CSRF token that the session's writes send. The page asks the server
// once at start (GET api/me); without a session the server answers 401 and the page goes to the
// sign-in form.

let current = null;

/** Marks a request as the page's own: the server then answers 401 without a Basic challenge, so
 *  the browser never opens its password dialog (the page signs in through its form instead). */
export const PAGE_REQUEST = { 'X-Requested-With': 'XMLHttpRequest' };

/** Loads the signed-in user, or goes to the sign-in page. */
export async function loadSession() {
  const response = await fetch(new URL('api/me', document.baseURI), {
    headers: { ...PAGE_REQUEST, Accept: 'application/json' },
    cache: 'no-store',
  });
  if (response.status === 401) {
    signInAgain();
    return new Promise(() => {});
  }
  const payload = await response.json();
  if (!response.ok || payload?.ok !== true) throw new Error(`HTTP ${response.status}`);
  current = payload.data;
  return current;
}

/** Headers every request of the page carries; writes also carry the CSRF token. */
export function sessionHeaders(method) {
  const headers = { ...PAGE_REQUEST };
  if (method !== 'GET' && current?.csrf) headers[current.csrf.header] = current.csrf.token;
  return headers;
}

/** The session ended (expired, or signed out elsewhere): back to the sign-in form. */
export function signInAgain() {
  location.assign(new URL('login?expired', document.baseURI));
}

/** Shows who is signed in and arms the sign-out form with the CSRF token. */
export function showUser({ username, shop, role, csrf }) {
  document.body.dataset.role = role;
  document.getElementById('who-name').textContent = username;
  document.getElementById('who-shop').textContent = `${shop} · ${role.toLowerCase()}`;
  const token = document.getElementById('sign-out-csrf');
  if (csrf) {
    token.name = csrf.parameter;
    token.value = csrf.token;
  }
}
