// Helpers shared by the dashboard and the daily brief. Every piece of data is put on the page as text
// (textContent, createTextNode, setAttribute on safe attributes): reports and measures carry free text
// from other countries, and the page must never turn it into markup.
'use strict';

window.BH = (function () {
  const SVG = 'http://www.w3.org/2000/svg';

  /** Creates an element; string or number children become text nodes, null children are skipped. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  /** Creates an SVG element with createElementNS. */
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'className') node.setAttribute('class', value);
      else if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  /** Empties a node and fills it with the given children. */
  function replace(node, ...children) {
    node.replaceChildren();
    append(node, children);
  }

  /** GETs JSON from the hub's own API as the signed-in user; without a session, goes to sign-in. */
  async function getJson(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      signIn();
      throw new Error('Not signed in.');
    }
    if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
    return response.json();
  }

  function signIn() {
    const back = location.pathname + location.search;
    location.assign('/signin?returnUrl=' + encodeURIComponent(back));
  }

  /** Shows who is signed in; returns the caller, or null when the page went to sign-in. */
  async function showCaller(target) {
    const me = await getJson('/api/me');
    const roles = (me.roles || []).join(', ') || 'no role';
    replace(target, el('span', { className: 'who-name', text: me.name }), ' · ',
      el('span', { className: 'who-country', text: me.country || 'no country' }), ' · ',
      el('span', { className: 'who-role', text: roles }));
    return me;
  }

  const numbers = new Intl.NumberFormat('en');

  /** A count with thousands separators, or an en dash when there is none. */
  function num(value) {
    return value === null || value === undefined ? '–' : numbers.format(value);
  }

  function pad(n) { return String(n).padStart(2, '0'); }

  /** 2015-10-27 14:05 */
  function isoUtc(date) {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  }

  function isoLocal(date) {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  /** A <time> showing the instant in ISO form, UTC and the reader's local time. */
  function time(value) {
    if (!value) return el('span', { className: 'muted', text: '–' });
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return el('span', { text: String(value) });
    return el('time', { datetime: date.toISOString(), title: date.toISOString() },
      `${isoUtc(date)} UTC`, el('span', { className: 'local', text: ` (${isoLocal(date)} local)` }));
  }

  /** Today as YYYY-MM-DD in the reader's time zone. */
  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  /** camelCase enum values as words: dailyCap → daily cap. */
  function words(value) {
    return String(value ?? '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  }

  return { el, svg, replace, getJson, showCaller, num, time, today, words, isoUtc };
})();
