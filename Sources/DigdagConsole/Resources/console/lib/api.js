// The REST client of the console: same-origin /api calls with the login's Authorization header
// (basic auth or an API token). It lives in sessionStorage only (never in a URL), and is dropped
// on 401.

const KEY = 'digdag.console.authorization';
const authListeners = new Set();

/** An error answer of the API: HTTP status and Digdag's message. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function hasCredentials() { return sessionStorage.getItem(KEY) !== null; }

export function setCredentials(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  sessionStorage.setItem(KEY, `Basic ${btoa(String.fromCharCode(...bytes))}`);
}

/** Logs in with an API token (`digdag tokens create`) instead of a user name and password. */
export function setToken(token) { sessionStorage.setItem(KEY, `Bearer ${token.trim()}`); }

export function clearCredentials() { sessionStorage.removeItem(KEY); }

/** Calls `listener()` whenever the server asks for a login. */
export function onAuthRequired(listener) { authListeners.add(listener); }

/**
 * The headers every API call sends. X-Requested-With tells the server that the page handles
 * logins itself: its 401s then carry no Basic challenge, which would make the browser open its
 * own password dialog over the login form.
 */
export function authHeaders(extra = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', ...extra };
  const authorization = sessionStorage.getItem(KEY);
  if (authorization) headers.Authorization = authorization;
  return headers;
}

function url(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x)); else params.append(k, v);
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function call(method, path, { query, body, contentType, raw } = {}) {
  const headers = authHeaders(contentType ? { 'Content-Type': contentType } : {});
  const response = await fetch(url(path, query), { method, headers, body, credentials: 'same-origin' });
  if (response.status === 401) {
    clearCredentials();
    authListeners.forEach((l) => l());
    throw new ApiError(401, 'Login required');
  }
  if (raw && response.ok) return response.arrayBuffer();
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    throw new ApiError(response.status, (json && json.message) || text || response.statusText, json);
  }
  return json;
}

/** GET/PUT/POST/DELETE helpers; `bytes` downloads a binary body. */
export const api = {
  get: (path, query) => call('GET', path, { query }),
  put: (path, json, query) => call('PUT', path, { query, body: JSON.stringify(json), contentType: 'application/json' }),
  post: (path, json) => call('POST', path, { body: JSON.stringify(json ?? {}), contentType: 'application/json' }),
  putBytes: (path, bytes, contentType, query) => call('PUT', path, { query, body: bytes, contentType }),
  bytes: (path, query) => call('GET', path, { query, raw: true }),
};

/** Whether an error is the API's 404 (an unknown id). */
export function isNotFound(error) { return error instanceof ApiError && error.status === 404; }
