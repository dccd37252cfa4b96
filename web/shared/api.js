// Calls to this service's own API as the signed-in user. Every page reads its data this way: the pages
// are public files and hold no data. Without a session the browser goes to sign in, and comes back to
// the same page afterwards.

import { el, replace } from './dom.js';

/** Sends the browser to sign in, returning here afterwards. */
export function signIn() {
  location.assign(`/signin?returnUrl=${encodeURIComponent(location.pathname + location.search + location.hash)}`);
}

/**
 * Sends a request and reads its answer as { status, ok, body }; the body is the parsed JSON, or null
 * when the answer has none. Only a 401 throws (after sending the browser to sign in): a 400 with its
 * field errors is an answer the page shows, not a failure.
 */
export async function request(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options, headers: { Accept: 'application/json', ...options.headers } });
  if (response.status === 401) {
    signIn();
    throw new Error('Not signed in.');
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's error page, say: the status still tells what happened.
  }
  return { status: response.status, statusText: response.statusText, ok: response.ok, body };
}

/** GETs JSON; any answer but a success is an error naming the path and status. */
export async function getJson(path) {
  const answer = await request(path);
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${answer.statusText}`.trim());
  return answer.body;
}

/** POSTs JSON, with an Idempotency-Key when given, so a retried click never files twice. */
export function post(path, body, key) {
  const headers = { 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  return request(path, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Every item of a paged list ({ items, next }), following `after` from page to page. */
export async function all(path) {
  const items = [];
  let after = null;
  for (;;) {
    const separator = path.includes('?') ? '&' : '?';
    const page = await getJson(`${path}${separator}limit=1000${after === null ? '' : `&after=${encodeURIComponent(after)}`}`);
    items.push(...page.items);
    if (!page.next || page.items.length === 0) return items;
    after = page.next;
  }
}

/** Who is signed in: { name, country, roles }. */
export function me() {
  return getJson('/api/me');
}

/**
 * Shows who is signed in (name · country · roles) in `target`, and returns them; null when there is
 * no session and the browser is on its way to sign in, so the page starts no further.
 */
export async function showCaller(target) {
  let caller;
  try {
    caller = await me();
  } catch {
    return null;
  }
  replace(target, el('span', { className: 'who-name', text: caller.name }), ' · ',
    el('span', { className: 'who-country', text: caller.country || 'no country' }), ' · ',
    el('span', { className: 'who-role', text: caller.roles.join(', ') || 'no role' }));
  return caller;
}
