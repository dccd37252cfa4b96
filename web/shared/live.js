// The live connection every page shares. A SignalR hub pushes numbered items, and an API lists the items
// after a sequence. The push is only quick; the list is the truth. Whenever a push skips a number, or the
// connection comes back after a drop, the page reads the list from the last sequence it showed, so
// nothing relayed while it was away is missed and nothing is shown twice.

import { getJson } from './api.js';

/** Try again at once, after 2 s, then every 5 s, for as long as the page is open. */
const retryDelay = (count) => (count === 0 ? 0 : count === 1 ? 2000 : 5000);

/**
 * Follows a hub and shows each item once, in sequence order.
 * - hub, method: the hub's path and the method it pushes with ("Relayed", "Appended").
 * - list: the API path that lists items after a sequence ({ items }), read `limit` at a time.
 * - after: the last sequence already shown (items up to it are never shown).
 * - show(item): shows one new item.
 * - status(state): 'live' (connected and caught up), 'reconnecting', 'disconnected' or 'unavailable'.
 * - reconnected(): once caught up after the connection was down, for what the items alone do not refresh.
 */
export function follow({ hub, method, list, after = 0, limit = 500, show, status = () => {}, reconnected = () => {} }) {
  let last = after;
  let reading = null;
  let again = false;
  let dropped = false; // the connection was down since the page last caught up

  function deliver(item) {
    if (item.sequence <= last) return;
    last = item.sequence;
    show(item);
  }

  /**
   * Reads the list after the last sequence shown until it is empty; one read at a time. Asked again while
   * reading, it reads once more after: the read under way may have started before the newer item existed.
   */
  function catchUp() {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          for (;;) {
            const page = await getJson(`${list}?after=${last}&limit=${limit}`);
            const fresh = page.items.filter((item) => item.sequence > last);
            if (fresh.length === 0) break;
            fresh.forEach(deliver);
          }
        } while (again);
      } finally {
        reading = null;
      }
    })();
    return reading;
  }

  /** The next item in sequence is shown as pushed; after a gap, or while reading, the list decides. */
  function receive(item) {
    if (item.sequence === last + 1 && !reading) deliver(item);
    else if (item.sequence > last) catchUp().catch(() => {});
  }

  // What is already there shows at once, whether or not the hub can be reached.
  catchUp().catch(() => {});
  const signalR = globalThis.signalR;
  if (signalR === undefined) {
    status('unavailable');
    return;
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hub)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => retryDelay(context.previousRetryCount) })
    .configureLogging(signalR.LogLevel.None)
    .build();
  const connected = () => connection.state === signalR.HubConnectionState.Connected;
  connection.on(method, receive);
  connection.onreconnecting(() => {
    dropped = true;
    status('reconnecting');
  });
  connection.onreconnected(caughtUp);
  // Reconnection gives up only when the server closes for good; a page left open keeps trying.
  connection.onclose(() => {
    dropped = true;
    status('disconnected');
    setTimeout(start, retryDelay(2));
  });

  /**
   * Says 'live' only once caught up, so a page that says it is live shows everything. A service that
   * takes the connection before it answers the list (still starting) is asked again shortly.
   */
  async function caughtUp() {
    try {
      await catchUp();
    } catch {
      if (connected()) setTimeout(caughtUp, retryDelay(1));
      return;
    }
    if (!connected()) return;
    status('live');
    if (dropped) {
      dropped = false;
      reconnected();
    }
  }

  async function start() {
    try {
      await connection.start();
    } catch {
      dropped = true;
      status('disconnected');
      setTimeout(start, retryDelay(2));
      return;
    }
    await caughtUp();
  }

  start();
}
