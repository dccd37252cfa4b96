// One printable page for the head of government: this country's figures, its neighbours' latest ones as
// relayed to it, the measures that affect it and the open requests. Built from the console's own APIs.

import { all, me, request } from '/shared/api.js';
import { $, replace, row } from '/shared/dom.js';
import { instant, num, time, today } from '/shared/format.js';

async function start() {
  $('print').addEventListener('click', () => window.print());
  const caller = await me();
  const [reports, inbox, requests, defaultDay] = await Promise.all([
    all('/api/reports'),
    all('/api/inbox'),
    request('/api/requests').then((a) => (a.ok ? a.body.items || a.body : [])),
    request('/api/reports/default-day').then((a) => (a.ok ? a.body.date : null)),
  ]);
  // The brief is of the default day: the latest day we and enough of our neighbours reported, so one
  // report with a stray date (ours or a neighbour's) never becomes the day the brief shows.
  const day = defaultDay || today();
  $('brief-title').textContent = `Daily brief of ${caller.country}, ${day}`;
  $('brief-meta').textContent = `Prepared ${instant(new Date())} for ${caller.name}.`;

  replace($('own').tBodies[0], reports.filter((v) => v.report.reportDate <= day).slice(-3).reverse().map((view) => {
    const r = view.report;
    return row({}, [`${r.reportDate} (v${view.version})`, num(r.arrivals.total), num(r.departures.total), num(r.peoplePresent),
      num(r.capacity?.total), num(r.capacity?.occupied), num(r.expectedArrivalsNext24h)]);
  }));

  // The newest report of each neighbour among the items relayed here, up to the brief's day.
  const latest = new Map();
  for (const item of inbox) {
    const r = item.payload?.report;
    // A drill report is no neighbour's figure: it never stands in the brief for the real one.
    if (!r || item.exercise || r.reportDate > day) continue;
    const known = latest.get(r.country);
    if (!known || known.reportDate <= r.reportDate) latest.set(r.country, r);
  }
  replace($('neighbours').tBodies[0], [...latest.values()].sort((a, b) => a.country.localeCompare(b.country))
    .map((r) => row({}, [r.country, r.reportDate, num(r.arrivals.total), num(r.departures.total), num(r.peoplePresent), r.notes || ''])));

  const measures = new Map();
  for (const item of inbox) if (item.payload?.measure) measures.set(item.payload.measure.measureId, item);
  replace($('affecting').tBodies[0], [...measures.values()]
    .filter((item) => item.payload.measure.status !== 'cancelled' && item.payload.measure.status !== 'lifted')
    .map((item) => {
      const m = item.payload.measure;
      return row({}, [m.country, `${item.exercise ? 'EXERCISE: ' : ''}${m.type}: ${m.title}`, m.status, time(m.effectiveFrom),
        item.acknowledgedAt ? 'yes' : item.requiresAcknowledgement ? 'not yet' : 'not needed']);
    }));

  replace($('requests').tBodies[0], (Array.isArray(requests) ? requests : []).filter((r) => r.status === 'open')
    .map((r) => row({}, [r.country, r.title, (r.items || []).map((i) => `${i.quantity} ${i.unit} ${i.item}`).join(', ')])));
}

start();
