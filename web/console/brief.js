// One printable page for the head of government: this country's figures, its neighbours' latest ones as
// relayed to it, the measures that affect it and the open requests. Built from the console's own APIs.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("print").addEventListener("click", () => window.print());
  const me = await hub.me();
  const [reports, inbox, requests, defaultDay] = await Promise.all([
    hub.all("/api/reports"),
    hub.json("/api/inbox?after=0&limit=1000").then(a => a.body.items),
    hub.json("/api/requests").then(a => (a.ok ? a.body.items || a.body : [])),
    hub.json("/api/reports/default-day").then(a => (a.ok ? a.body.date : null)),
  ]);
  // The brief is of the default day: the latest day we and enough of our neighbours reported, so one
  // report with a stray date (ours or a neighbour's) never becomes the day the brief shows.
  const day = defaultDay || hub.today();
  document.getElementById("brief-title").textContent = "Daily brief of " + me.country + ", " + day;
  document.getElementById("brief-meta").textContent = "Prepared " + hub.when(new Date().toISOString()) + " for " + me.name + ".";

  const own = document.querySelector("#own tbody");
  for (const view of reports.filter(v => v.report.reportDate <= day).slice(-3).reverse()) {
    const r = view.report;
    own.append(hub.row([r.reportDate + " (v" + view.version + ")", hub.number(r.arrivals.total), hub.number(r.departures.total), hub.number(r.peoplePresent),
      hub.number(r.capacity && r.capacity.total), hub.number(r.capacity && r.capacity.occupied), hub.number(r.expectedArrivalsNext24h)]));
  }

  // The newest report of each neighbour among the items relayed here, up to the brief's day.
  const latest = new Map();
  for (const item of inbox) {
    const r = item.payload && item.payload.report;
    // A drill report is no neighbour's figure: it never stands in the brief for the real one.
    if (!r || item.exercise || r.reportDate > day) continue;
    const known = latest.get(r.country);
    if (!known || known.reportDate <= r.reportDate) latest.set(r.country, r);
  }
  const neighbours = document.querySelector("#neighbours tbody");
  for (const r of [...latest.values()].sort((a, b) => a.country.localeCompare(b.country)))
    neighbours.append(hub.row([r.country, r.reportDate, hub.number(r.arrivals.total), hub.number(r.departures.total), hub.number(r.peoplePresent), r.notes || ""]));

  const measures = new Map();
  for (const item of inbox) if (item.payload && item.payload.measure) measures.set(item.payload.measure.measureId, item);
  const affecting = document.querySelector("#affecting tbody");
  for (const item of measures.values()) {
    const m = item.payload.measure;
    if (m.status === "cancelled" || m.status === "lifted") continue;
    affecting.append(hub.row([m.country, (item.exercise ? "EXERCISE: " : "") + m.type + ": " + m.title, m.status, hub.when(m.effectiveFrom),
      item.acknowledgedAt ? "yes" : item.requiresAcknowledgement ? "not yet" : "not needed"]));
  }

  const open = document.querySelector("#requests tbody");
  for (const r of (Array.isArray(requests) ? requests : []).filter(r => r.status === "open"))
    open.append(hub.row([r.country, r.title, (r.items || []).map(i => i.quantity + " " + i.unit + " " + i.item).join(", ")]));
});
