// The login form for a server with authentication: a user name and password, or an API token
// (`digdag tokens create`). Checked against /api/version/check and kept in sessionStorage,
// never in the URL.
import { authHeaders, setCredentials, setToken, clearCredentials } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';

export function render(container, done) {
  const user = h('input', { id: 'login-user', name: 'username', autocomplete: 'username' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const token = h('input', { id: 'login-token', name: 'token', type: 'password', autocomplete: 'off', placeholder: 'ddt_...' });
  const message = h('p', { class: 'error', role: 'alert', id: 'login-error', hidden: true });
  const form = h('form', { class: 'card login', id: 'login-form', method: 'post', action: '#' },
    h('h1', {}, 'Log in'),
    h('p', { class: 'muted' }, 'This Digdag server requires a user name and password, or an API token.'),
    h('label', { for: 'login-user' }, 'User name'), user,
    h('label', { for: 'login-password' }, 'Password'), password,
    h('label', { for: 'login-token' }, 'or API token'), token,
    message,
    h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, 'Log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const usingToken = token.value.trim() !== '';
    if (usingToken) setToken(token.value); else setCredentials(user.value, password.value);
    password.value = '';
    token.value = '';
    let status = 0;
    try {
      // Straight fetch: a 401 here is a wrong password, not a reason to show the form again.
      status = (await fetch('/api/version/check?client=0.10.5', { headers: authHeaders() })).status;
    } catch (error) {
      status = -1;
    }
    if (status >= 200 && status < 300) { done(); return; }
    clearCredentials();
    message.hidden = false;
    const wrong = usingToken ? 'Unknown or revoked API token.' : 'Wrong user name or password.';
    message.textContent = status === 401 ? wrong : 'The server did not answer; try again.';
  });
  replace(container, form);
  user.focus();
}
