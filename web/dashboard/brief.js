// The route's one-page daily brief, for the Commission to print: the day's figures per country, the
// measures in force and planned, and the open assistance requests. Text from countries goes in as text.

import { getJson, showCaller } from '/shared/api.js';
import { $, el, replace } from '/shared/dom.js';
import { num, time, today, words } from '/shared/format.js';

async function start() {
  if (!await showCaller($('who'))) return; // gone to sign-in
  const route = await getJson('/api/dashboard/route');
  const asked = new URLSearchParams(location.search).get('date');
  // Without a date asked for: the route's default day, the latest day enough countries reported.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(asked || '') ? asked : route.defaultDate || today();
  $('brief-date').value = date;
  $('print').addEventListener('click', () => window.print());
  $('brief-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if ($('brief-date').value) location.search = '?date=' + encodeURIComponent($('brief-date').value);
  });

  const [picture, reconciliation, measures, requests] = await Promise.all([
    getJson(`/api/picture?date=${encodeURIComponent(date)}`),
    getJson(`/api/dashboard/reconciliation?date=${encodeURIComponent(date)}`),
    getJson('/api/measures?limit=1000'),
    getJson('/api/assistance/requests'),
  ]);
  $('brief-title').textContent = `Daily brief of the ${route.name}: ${date}`;
  replace($('brief-meta'), picture.asOf ? ['Data as of ', time(picture.asOf)] : 'No report yet', ` from the latest version of each report. ${picture.totals.countriesReported} of ${picture.totals.countriesExpected} countries reported.`);
  figures(route, picture, reconciliation);
  measureRows(measures);
  requestRows(requests);
}

function figures(route, picture, reconciliation) {
  const rank = (c) => (route.corridor.includes(c) ? route.corridor.indexOf(c) : route.corridor.length);
  const rows = [...picture.participants].sort((a, b) => rank(a.country) - rank(b.country) || a.country.localeCompare(b.country))
    .map((p) => el('tr', { 'data-country': p.country, className: p.reported ? null : 'not-reported' },
      el('th', { scope: 'row', text: p.country }),
      el('td', { className: 'arrivals', text: num(p.arrivals) }), el('td', { text: num(p.departures) }), el('td', { text: num(p.peoplePresent) }),
      el('td', { text: num(p.registered) }), el('td', { text: num(p.asylumApplications) }),
      el('td', { text: p.capacity ? `${num(p.capacity.occupied)} / ${num(p.capacity.total)}` : '–' }),
      el('td', { text: p.capacity?.occupancyPercent != null ? `${p.capacity.occupancyPercent} %` : '–' }),
      el('td', { className: 'text' + (p.reported ? '' : ' status-missing'), text: p.reported ? `v${p.version}, ${p.onTime ? 'on time' : 'late'}` : 'not reported' })));
  replace($('brief-figures').tBodies[0], rows);
  const t = picture.totals;
  // Entered and left the route, each person once; registrations are per country only (each country registers the same people).
  replace($('brief-figures').tFoot, el('tr', {},
    el('th', { scope: 'row', text: 'Route: entered / left' }), el('td', { text: num(t.entriesIntoRoute) }), el('td', { text: num(t.exitsFromRoute) }),
    el('td', { text: num(t.peoplePresent) }), el('td', { className: 'muted', text: '–' }), el('td', { text: num(t.asylumApplications) }),
    el('td', { text: `${num(t.capacity.occupied)} / ${num(t.capacity.total)}` }),
    el('td', { text: t.capacity.occupancyPercent != null ? `${t.capacity.occupancyPercent} %` : '–' }), el('td', {})));
  const gaps = reconciliation.disagreements.map((d) => `${d.from}→${d.to}: ${num(d.departuresReported)} left, ${num(d.arrivalsReported)} arrived`);
  $('brief-gaps').textContent = gaps.length ? `Border counts that disagree: ${gaps.join('; ')}.` : 'No border counts disagree.';
}

function measureRows(view) {
  const rows = view.items.filter((m) => m.statusNow === 'inForce' || m.statusNow === 'planned')
    .sort((a, b) => (a.statusNow === b.statusNow ? 0 : a.statusNow === 'inForce' ? -1 : 1) || new Date(a.measure.effectiveFrom) - new Date(b.measure.effectiveFrom))
    .map((m) => {
      const waiting = m.acknowledgements.filter((a) => !a.acknowledgedAt).map((a) => a.country + (a.overdue ? ' (overdue)' : ''));
      return el('tr', { 'data-measure': m.measure.measureId },
        el('th', { scope: 'row', text: m.measure.country }),
        el('td', { className: 'text' }, el('strong', { text: words(m.measure.type) }), ': ', el('span', { className: 'measure-title', text: m.measure.title })),
        el('td', { className: `text status-${m.statusNow}`, text: words(m.statusNow) }),
        el('td', { className: 'text' }, time(m.measure.effectiveFrom)),
        el('td', { className: 'text' }, m.measure.effectiveUntil ? time(m.measure.effectiveUntil) : 'until further notice'),
        el('td', { className: 'text', text: m.retroactive ? m.leadTime : m.shortNotice ? `short notice (${m.leadTime})` : m.leadTime }),
        el('td', { className: 'text', text: waiting.join(', ') || 'all acknowledged' }));
    });
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 7, className: 'text muted', text: 'No measure is in force or planned.' })));
  replace($('brief-measures').tBodies[0], rows);
}

function requestRows(requests) {
  const rows = requests.filter((r) => r.status === 'open').map((r) => el('tr', { 'data-request': r.requestId },
    el('th', { scope: 'row', text: r.country }),
    el('td', { className: 'text', text: r.title }),
    el('td', { className: 'text' }, time(r.requestedAt)),
    el('td', { className: 'text', text: r.coverage.map((c) => `${c.item} ${num(c.requested)} ${c.unit}: ${c.acceptedPercent} % / ${c.deliveredPercent} %`).join('; ') })));
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 4, className: 'text muted', text: 'No request is open.' })));
  replace($('brief-requests').tBodies[0], rows);
}

start().catch((error) => {
  $('load-error').textContent = `The brief could not be prepared: ${error.message}`;
  $('load-error').hidden = false;
});
