// Helpers shared by the console pages. Everything another country wrote is put on the page with
// textContent, never as HTML: the Content-Security-Policy would stop an injected script, but text that
// is only ever text cannot become one in the first place.
"use strict";

const hub = {
  /** Fetches JSON from this service as the signed-in user; a 401 sends the browser to sign in. */
  async json(path, options = {}) {
    const response = await fetch(path, { credentials: "same-origin", ...options, headers: { Accept: "application/json", ...(options.headers || {}) } });
    if (response.status === 401) {
      location.assign("/signin?returnUrl=" + encodeURIComponent(location.pathname + location.hash));
      throw new Error("not signed in");
    }
    const text = await response.text();
    return { status: response.status, ok: response.ok, body: text ? JSON.parse(text) : null };
  },

  /** POSTs JSON, with an Idempotency-Key so a retried click never files twice. */
  post(path, body, key) {
    const headers = { "Content-Type": "application/json" };
    if (key) headers["Idempotency-Key"] = key;
    return hub.json(path, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  },

  /** Every page of a paged list (items + next), following `after`. */
  async all(path) {
    const items = [];
    let after = null;
    for (;;) {
      const separator = path.includes("?") ? "&" : "?";
      const page = await hub.json(path + separator + "limit=1000" + (after === null ? "" : "&after=" + encodeURIComponent(after)));
      if (!page.ok) throw new Error(path + " answered " + page.status);
      items.push(...page.body.items);
      if (!page.body.next || page.body.items.length === 0) return items;
      after = page.body.next;
    }
  },

  /** An element with text content and optional class. */
  el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  },

  /** A table row of cells; strings become text cells, nodes are appended as they are. */
  row(cells) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement("td");
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell === null || cell === undefined ? "–" : String(cell);
      tr.append(td);
    }
    return tr;
  },

  /** A timestamp in ISO (UTC) and in the reader's local time. */
  when(iso) {
    if (!iso) return "–";
    const date = new Date(iso);
    return date.toISOString().replace(/\.\d{3}Z$/, "Z") + " (" + date.toLocaleString() + ")";
  },

  number(value) {
    return value === null || value === undefined ? "–" : Number(value).toLocaleString("en");
  },

  /** Today's date in the browser's time zone, as yyyy-mm-dd. */
  today() {
    const now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  },

  async me() {
    const me = await hub.json("/api/me");
    return me.body;
  },
};
