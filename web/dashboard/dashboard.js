// The Commission's dashboard. Reads the aggregator's APIs as the signed-in user and listens to the feed
// hub (/hubs/feed, method "Appended"); a pushed report, measure or acknowledgement refreshes the
// sections it affects. All data goes onto the page as text (see /shared/dom.js), never as markup.

import { getJson, showCaller } from '/shared/api.js';
import { $, el, replace, svg } from '/shared/dom.js';
import { num, time, today, words } from '/shared/format.js';
import { follow } from '/shared/live.js';

const state = {
  route: null,
  date: null,
  pinned: false,        // the reader chose a day; otherwise the page follows the route's default day
  span: 30,
  charts: {},
  palette: ['#003399', '#c0392b', '#1d6b2f', '#8e44ad', '#d35400', '#16a085', '#7f6000', '#2c3e50', '#e84393', '#0984e3', '#6d4c41', '#555'],
};

// ---------------------------------------------------------------- loading and refreshing

const loaders = {
  day: loadDay,
  series: loadSeries,
  measures: loadMeasures,
  compliance: loadCompliance,
  assistance: loadAssistance,
  commitments: loadCommitments,
};
const pending = new Map();

/** Refreshes a section soon, once for a burst of pushes. */
function refresh(section) {
  if (pending.has(section)) return;
  pending.set(section, setTimeout(async () => {
    pending.delete(section);
    await guarded(section, loaders[section]);
  }, 250));
}

async function guarded(name, load) {
  try {
    await load();
    if ($('load-error').dataset.section === name) $('load-error').hidden = true;
  } catch (error) {
    const banner = $('load-error');
    banner.dataset.section = name;
    banner.textContent = `Could not load ${name}: ${error.message}`;
    banner.hidden = false;
  }
}

async function start() {
  // Listening before anything loads: an analyst (or a test) may choose a day while the page is still
  // signing in, and that choice must not be overwritten by the default day (CI saw the page stay on today).
  $('picture-date').addEventListener('change', () => {
    if (!$('picture-date').value) return;
    state.date = $('picture-date').value;
    state.pinned = true;
    if (state.route) refresh('day'); // before the route has loaded, the first load below draws the chosen day
  });
  const me = await showCaller($('who'));
  if (!me) return; // gone to sign-in
  state.route = await getJson('/api/dashboard/route');
  $('route-name').textContent = state.route.name;
  // The default day: the latest day enough countries reported, so one stray date never takes over.
  if (!state.pinned) {
    state.date = state.route.defaultDate || today();
    $('picture-date').value = state.date;
  }
  $('latest-day').addEventListener('click', () => { state.pinned = false; refresh('day'); });
  $('day-form').addEventListener('submit', (e) => e.preventDefault());
  for (const radio of document.querySelectorAll('input[name=span]')) {
    radio.addEventListener('change', () => { state.span = Number(radio.value); refresh('series'); });
  }

  await Promise.all(Object.entries(loaders).map(([name, load]) => guarded(name, load)));
  // The feed opens on its last 40 items, then follows; after a drop, every section is read again.
  follow({
    hub: '/hubs/feed',
    method: 'Appended',
    list: '/api/feed',
    after: Math.max(0, state.route.feedSequence - 40),
    show: addEntry,
    status: (live) => online(live === 'live', feedState[live]),
    reconnected: () => Object.keys(loaders).forEach(refresh),
  });
}

// ---------------------------------------------------------------- the day: picture table, diagram, capacity

async function loadDay() {
  if (!state.pinned) {
    const route = await getJson('/api/dashboard/route');
    // The analyst may have chosen a day while this was on its way (a live update started it): their choice wins.
    if (!state.pinned) {
      state.date = route.defaultDate || state.date;
      $('picture-date').value = state.date;
    }
  }
  const date = state.date;
  const [picture, reconciliation] = await Promise.all([
    getJson(`/api/picture?date=${encodeURIComponent(date)}`),
    getJson(`/api/dashboard/reconciliation?date=${encodeURIComponent(date)}`),
  ]);
  // Another day was chosen meanwhile: its own load draws it, and this older answer must not.
  if (date !== state.date) return;
  $('picture-day').textContent = picture.date;
  $('day-note').textContent = state.pinned
    ? 'Showing the day you chose.'
    : 'Showing the latest day that enough countries reported (the route\'s quorum); it follows new reports live.';
  renderPicture(picture);
  renderDiagram(picture, reconciliation);
  renderCapacity(picture);
}

function ordered(participants) {
  const corridor = state.route.corridor;
  const rank = (c) => (corridor.includes(c) ? corridor.indexOf(c) : corridor.length);
  return [...participants].sort((a, b) => rank(a.country) - rank(b.country) || a.country.localeCompare(b.country));
}

function renderPicture(picture) {
  const rows = ordered(picture.participants).map((p) => {
    const c = p.composition;
    const top = c ? c.topNationalities.map((n) => `${n.nationality} ${num(n.count)}`).join(', ') : '';
    const report = p.reported ? `v${p.version}, ${p.onTime ? 'on time' : 'late'}` : 'not reported';
    return el('tr', { id: `picture-${p.country}`, 'data-country': p.country, className: p.reported ? null : 'not-reported' },
      el('th', { scope: 'row', text: p.country }),
      el('td', { className: 'arrivals', text: num(p.arrivals) }),
      el('td', { className: 'departures', text: num(p.departures) }),
      el('td', { text: num(p.peoplePresent) }),
      el('td', { text: num(p.capacity?.total) }),
      el('td', { text: num(p.capacity?.occupied) }),
      el('td', { className: occupancyClass(p.capacity?.occupancyPercent), text: p.capacity?.occupancyPercent != null ? `${p.capacity.occupancyPercent} %` : '–' }),
      el('td', { text: num(c?.men) }),
      el('td', { text: num(c?.women) }),
      el('td', { text: c ? `${num(c.children)} (${num(c.unaccompaniedChildren)})` : '–' }),
      el('td', { className: 'text', text: top || '–' }),
      el('td', { className: 'text' + (p.reported ? '' : ' status-missing'), text: report }),
      el('td', { className: 'text warnings' }, warningList(p.warnings)));
  });
  replace($('picture').tBodies[0], rows);
  // The route's own figures count a person once: who entered and left the route, not a sum of every
  // country's arrivals, which would count someone crossing seven countries seven times.
  const t = picture.totals;
  replace($('picture').tFoot,
    el('tr', {},
      el('th', { scope: 'row', text: `Route (${t.countriesReported} of ${t.countriesExpected} reported): entered / left` }),
      el('td', { className: 'entries', title: 'Arrivals from outside the route', text: num(t.entriesIntoRoute) }),
      el('td', { className: 'exits', title: 'Departures to outside the route', text: num(t.exitsFromRoute) }),
      el('td', { text: num(t.peoplePresent) }),
      el('td', { text: num(t.capacity.total) }), el('td', { text: num(t.capacity.occupied) }),
      el('td', { text: t.capacity.occupancyPercent != null ? `${t.capacity.occupancyPercent} %` : '–' }),
      el('td', { colspan: 3, className: 'text muted', text: 'per country only' }),
      el('td', { className: 'text', title: 'Estimated from the entering countries\' nationality counts', text: t.entryNationalities.map((n) => `${n.nationality} ${num(n.count)}`).join(', ') || '–' }),
      el('td', {}),
      el('td', {})));
  $('headline-entries').textContent = num(t.entriesIntoRoute);
  $('headline-exits').textContent = num(t.exitsFromRoute);
  $('headline-present').textContent = num(t.peoplePresent);
  $('headline-free').textContent = num(t.capacity.free);
  $('headline-method').textContent = `${t.countriesReported} of ${t.countriesExpected} countries reported` +
    (picture.asOf ? `; data as of ${picture.asOf}. ` : '. ') + t.method;
}

/** A country-day's plausibility warnings: figures accepted but looking wrong, each with its field. */
function warningList(warnings) {
  if (!warnings || warnings.length === 0) return '–';
  return el('ul', { className: 'warning-list' },
    warnings.map((w) => el('li', { className: 'status-late', 'data-field': w.field, text: `${w.field}: ${w.message}` })));
}

function occupancyClass(percent) {
  if (percent == null) return null;
  return percent >= 95 ? 'status-missing' : percent >= 80 ? 'status-late' : null;
}

/** The route as SVG, built node by node with createElementNS. */
function renderDiagram(picture, reconciliation) {
  const diagram = $('route-diagram');
  const corridor = state.route.corridor;
  const reporters = state.route.participants.filter((p) => p.reports).map((p) => p.code);
  const others = reporters.filter((c) => !corridor.includes(c));
  const byCountry = new Map(picture.participants.map((p) => [p.country, p]));
  const disagreeing = new Set(reconciliation.disagreements.flatMap((d) => [d.from, d.to]));

  const W = 980, nodeW = 84, nodeH = 50, top = 40, bottom = 190;
  const step = (W - 2 * 60) / Math.max(1, corridor.length - 1);
  const pos = new Map();
  corridor.forEach((c, i) => pos.set(c, { x: 60 + i * step, y: top + nodeH / 2 }));
  const neighbours = (c) => state.route.borders.filter((b) => b.a === c || b.b === c).map((b) => (b.a === c ? b.b : b.a));
  const placed = [];
  for (const c of others) {
    const xs = neighbours(c).filter((n) => corridor.includes(n)).map((n) => pos.get(n).x);
    let x = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : W / 2;
    while (placed.some((p) => Math.abs(p - x) < nodeW + 14)) x += nodeW + 14;
    x = Math.min(W - 50, x);
    placed.push(x);
    pos.set(c, { x, y: bottom + nodeH / 2 });
  }

  const children = [];
  children.push(svg('defs', {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '8', refY: '5', markerUnits: 'userSpaceOnUse', markerWidth: '14', markerHeight: '14', orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));

  // Borders as thin lines, so the shape of the route shows before any flow is reported.
  for (const b of state.route.borders) {
    const a = pos.get(b.a), z = pos.get(b.b);
    if (!a || !z) continue;
    children.push(svg('line', { x1: a.x, y1: a.y, x2: z.x, y2: z.y, class: 'border-line' }));
  }

  const flows = picture.edges.map((e) => ({ ...e, flow: Math.max(e.reportedByFrom ?? 0, e.reportedByTo ?? 0) })).filter((e) => e.flow > 0);
  const max = Math.max(1, ...flows.map((e) => e.flow));
  for (const e of flows) {
    const a = pos.get(e.from), z = pos.get(e.to);
    if (!a || !z) continue;
    const dx = z.x - a.x, dy = z.y - a.y, len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len;
    const both = flows.some((o) => o.from === e.to && o.to === e.from);
    const off = both ? 7 : 0;                          // two directions side by side
    const ox = -uy * off, oy = ux * off;
    const shrinkA = Math.abs(ux) * nodeW / 2 + Math.abs(uy) * nodeH / 2 + 4;
    const shrinkZ = shrinkA + 4;
    const x1 = a.x + ux * shrinkA + ox, y1 = a.y + uy * shrinkA + oy, x2 = z.x - ux * shrinkZ + ox, y2 = z.y - uy * shrinkZ + oy;
    const width = (1.5 + 10 * Math.sqrt(e.flow / max)).toFixed(1);
    const label = `${e.from} → ${e.to}: ${num(e.flow)}` + (e.gap ? ` (gap ${num(e.gap)})` : '');
    children.push(svg('g', { class: 'flow', 'data-edge': `${e.from}-${e.to}` },
      svg('title', { text: `${label}; ${e.from} counted ${num(e.reportedByFrom)} leaving, ${e.to} counted ${num(e.reportedByTo)} arriving` }),
      svg('line', { x1, y1, x2, y2, 'stroke-width': width, 'marker-end': 'url(#arrow)', class: 'flow-line' }),
      svg('text', { x: (x1 + x2) / 2 + ox * 2, y: (y1 + y2) / 2 + oy * 2 - (Math.abs(uy) < 0.5 ? Number(width) / 2 + 5 : 0), class: 'flow-label', 'text-anchor': 'middle', text: num(e.flow) })));
  }

  for (const [code, p] of pos) {
    const day = byCountry.get(code);
    const reported = day && day.reported;
    const classes = ['node', reported ? 'reported' : 'not-reported', disagreeing.has(code) ? 'disagrees' : ''].join(' ').trim();
    const arrivals = reported ? num(day.arrivals) : 'no report';
    children.push(svg('g', { id: `node-${code}`, 'data-country': code, class: classes, tabindex: '0', role: 'img',
      'aria-label': `${code}: ${reported ? `${arrivals} arrivals` : 'no report'}${disagreeing.has(code) ? '; counts disagree with a neighbour' : ''}` },
      svg('title', { text: `${code}: ${reported ? `${arrivals} arrivals, ${num(day.departures)} departures` : 'no report for the day'}${disagreeing.has(code) ? '. Counts disagree with a neighbour.' : ''}` }),
      svg('rect', { x: p.x - nodeW / 2, y: p.y - nodeH / 2, width: nodeW, height: nodeH, rx: 6 }),
      svg('text', { x: p.x, y: p.y - 5, 'text-anchor': 'middle', class: 'node-code', text: disagreeing.has(code) ? `${code} ⚠` : code }),
      svg('text', { x: p.x, y: p.y + 15, 'text-anchor': 'middle', class: 'node-arrivals', text: arrivals })));
  }
  diagram.setAttribute('viewBox', `0 0 ${W} ${bottom + nodeH + 20}`);
  replace(diagram, children);
  const gaps = reconciliation.disagreements.map((d) => `${d.from}→${d.to} (${num(d.departuresReported)} left, ${num(d.arrivalsReported)} arrived)`);
  $('route-summary').textContent = `${picture.date}: ${num(picture.totals.entriesIntoRoute)} entered the route, ${num(picture.totals.exitsFromRoute)} left it. ` +
    (gaps.length ? `Counts disagree on ${gaps.join('; ')}.` : 'No border counts disagree.');
}

function renderCapacity(picture) {
  const reported = ordered(picture.participants).filter((p) => p.capacity);
  const data = {
    labels: reported.map((p) => p.country),
    datasets: [
      { label: 'Occupied', data: reported.map((p) => p.capacity.occupied), backgroundColor: '#a30000' },
      { label: 'Free', data: reported.map((p) => p.capacity.free), backgroundColor: '#7fa7e0' },
    ],
  };
  chart('capacity', 'capacity-chart', 'bar', data, { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } });
}

// ---------------------------------------------------------------- charts

function chart(key, canvasId, type, data, options) {
  if (typeof Chart === 'undefined') return;
  const existing = state.charts[key];
  if (existing) {
    existing.data = data;
    existing.update('none');
    return;
  }
  state.charts[key] = new Chart($(canvasId), {
    type, data,
    options: Object.assign({ animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } }, options),
  });
}

async function loadSeries() {
  const to = state.pinned ? `&to=${encodeURIComponent(state.date)}` : '';
  const series = await getJson(`/api/dashboard/series?days=${state.span}${to}`);
  const labels = [];
  for (let d = new Date(series.from + 'T00:00:00Z'); d <= new Date(series.to + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
    labels.push(d.toISOString().slice(0, 10));
  }
  const rank = (c) => (state.route.corridor.includes(c) ? state.route.corridor.indexOf(c) : 99);
  const countries = [...series.countries].sort((a, b) => rank(a.country) - rank(b.country));
  const datasets = (field) => countries.map((c, i) => {
    const byDay = new Map(c.days.map((d) => [d.date, d[field]]));
    return { label: c.country, data: labels.map((l) => byDay.get(l) ?? null), borderColor: state.palette[i % state.palette.length],
      backgroundColor: state.palette[i % state.palette.length], pointRadius: state.span > 30 ? 0 : 2, borderWidth: 2, spanGaps: false };
  });
  chart('arrivals', 'arrivals-chart', 'line', { labels, datasets: datasets('arrivals') }, { scales: { y: { beginAtZero: true } } });
  chart('departures', 'departures-chart', 'line', { labels, datasets: datasets('departures') }, { scales: { y: { beginAtZero: true } } });
  $('trends-note').textContent = `${series.from} to ${series.to}; days a country did not report are gaps.`;
  // The exports of exactly the period the charts show; the session cookie goes with the click.
  const period = `from=${encodeURIComponent(series.from)}&to=${encodeURIComponent(series.to)}`;
  $('download-xlsx').href = `/api/export/daily.xlsx?${period}`;
  $('download-csv').href = `/api/export/daily.csv?${period}&hxl=false`;
  $('download-hxl').href = `/api/export/daily.csv?${period}`;
  $('download-cap').href = '/feeds/measures.atom';
}

async function loadCommitments() {
  const commitments = await getJson('/api/commitments');
  replace($('commitments'), commitments.map((c) => el('li', { 'data-commitment': c.id },
    el('span', { className: 'bar-title', text: c.title }),
    el('progress', { max: c.target, value: Math.min(c.progress, c.target), 'aria-label': c.title }),
    el('span', { className: 'bar-figures' },
      `${num(c.progress)} of ${num(c.target)} ${c.unit} (${c.sharePercent} %) · `,
      el('span', { className: `commitment-${c.status}`, text: words(c.status) }), ' · due ', time(c.deadline)))));
}

// ---------------------------------------------------------------- measures

/** Exercise traffic is shown, never counted: it carries this mark wherever it is listed. */
function exerciseMark(exercise) {
  return exercise ? [el('strong', { className: 'exercise-label', text: 'EXERCISE' }), ' '] : null;
}

function ackState(a) {
  return a.acknowledgedAt ? 'acknowledged' : a.overdue ? 'overdue' : 'pending';
}

/** The lead time as the API words it; a retroactive one is said so and marked. */
function lead(m) {
  return m.retroactive ? el('strong', { className: 'retroactive', text: m.leadTime }) : m.leadTime.replace(/^announced /, '').replace(/ before it took effect$/, '');
}

async function loadMeasures() {
  const view = await getJson('/api/measures?limit=1000');
  const current = view.items.filter((m) => m.statusNow === 'planned' || m.statusNow === 'inForce')
    .sort((a, b) => new Date(a.measure.effectiveFrom) - new Date(b.measure.effectiveFrom));
  const rows = current.map((m) => {
    const n = m.measure;
    const acks = el('ul', { className: 'acks' }, m.acknowledgements.map((a) => el('li', {},
      el('span', { className: 'code', text: a.country }), ' ',
      el('span', { 'data-country': a.country, className: `ack ack-${ackState(a)}`, title: a.acknowledgedAt ? `acknowledged ${a.acknowledgedAt}` : a.dueAt ? `due ${a.dueAt}` : '', text: ackState(a) }))));
    return el('tr', { id: `measure-${n.measureId}`, 'data-measure': n.measureId, 'data-country': n.country, className: n.exercise ? 'exercise' : '' },
      el('td', { className: 'text', text: n.country }),
      el('td', { className: 'text' }, exerciseMark(n.exercise), el('strong', { text: words(n.type) }), ': ', el('span', { className: 'measure-title', text: n.title }),
        n.description ? el('div', { className: 'muted measure-description', text: n.description }) : null,
        n.affectedCrossingPoints.length ? el('div', { className: 'muted', text: `At ${n.affectedCrossingPoints.join(', ')}` }) : null),
      el('td', { className: `text status-${m.statusNow}`, text: words(m.statusNow) }),
      el('td', { className: 'text' }, time(n.announcedAt)),
      el('td', { className: 'text' }, 'from ', time(n.effectiveFrom), n.effectiveUntil ? el('span', {}, ' until ', time(n.effectiveUntil)) : null),
      el('td', { className: 'text' }, lead(m)),
      el('td', { className: 'text' }, m.retroactive ? el('strong', { className: 'short-notice', text: 'retroactive' })
        : m.shortNotice ? el('strong', { className: 'short-notice', text: 'short notice' }) : 'with notice'),
      el('td', { className: 'text' }, m.acknowledgements.length ? acks : el('span', { className: 'muted', text: 'none relayed' })));
  });
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 8, className: 'text muted', text: 'No measure is planned or in force.' })));
  replace($('measures').tBodies[0], rows);
}

// ---------------------------------------------------------------- punctuality

const punctualityText = { onTime: 'on time', late: 'late', missing: 'not reported', notDue: 'not due yet' };
const punctualityMark = { onTime: '●', late: '◐', missing: '✕', notDue: '·' };
const punctualityClass = { onTime: 'status-ok', late: 'status-late', missing: 'status-missing', notDue: 'muted' };

async function loadCompliance() {
  const c = await getJson('/api/compliance');
  const days = [...new Set(c.punctuality.map((p) => p.reportDate))].sort();
  const countries = state.route.participants.filter((p) => p.reports).map((p) => p.code);
  const cell = new Map(c.punctuality.map((p) => [`${p.country}|${p.reportDate}`, p]));
  const summary = new Map(c.punctualityByCountry.map((s) => [s.country, s]));
  replace($('punctuality').tHead, el('tr', {},
    el('th', { scope: 'col', text: 'Country' }),
    days.map((d) => el('th', { scope: 'col', className: 'day', title: d, text: d.slice(5) })),
    el('th', { scope: 'col', text: 'On time' }), el('th', { scope: 'col', text: 'Late' }), el('th', { scope: 'col', text: 'Missing' })));
  replace($('punctuality').tBodies[0], countries.map((country) => el('tr', { 'data-country': country },
    el('th', { scope: 'row', text: country }),
    days.map((d) => {
      const p = cell.get(`${country}|${d}`);
      if (!p) return el('td', { className: 'muted' }, el('span', { 'aria-hidden': 'true', text: '' }), el('span', { className: 'visually-hidden', text: 'no data' }));
      const title = `${country} ${d}: ${punctualityText[p.status] || p.status}` + (p.submittedAt ? `, first version ${p.submittedAt}` : `, due ${p.dueAt}`);
      return el('td', { className: `mark ${punctualityClass[p.status] || ''}`, title, 'data-status': p.status },
        el('span', { 'aria-hidden': 'true', text: punctualityMark[p.status] || '?' }), el('span', { className: 'visually-hidden', text: punctualityText[p.status] || p.status }));
    }),
    el('td', { text: num(summary.get(country)?.onTime ?? 0) }),
    el('td', { text: num(summary.get(country)?.late ?? 0) }),
    el('td', { text: num(summary.get(country)?.missing ?? 0) }))));
  $('punctuality-note').textContent = `${c.from} to ${c.to}. ● on time, ◐ late, ✕ not reported, · not due yet. ` +
    `${c.overdueAcknowledgements.length} acknowledgement(s) overdue; ${c.missingReports.length} report(s) missing.`;
}

// ---------------------------------------------------------------- assistance

async function loadAssistance() {
  const requests = await getJson('/api/assistance/requests');
  const rows = [...requests].reverse().map((r) => el('tr', { 'data-request': r.requestId, 'data-country': r.country, className: r.exercise ? 'exercise' : '' },
    el('td', { className: 'text', text: r.country }),
    el('td', { className: 'text' }, exerciseMark(r.exercise), r.title),
    el('td', { className: `text request-${r.status}`, text: words(r.status) }),
    el('td', { className: 'text' }, time(r.requestedAt)),
    el('td', { className: 'text' }, el('ul', { className: 'coverage' }, r.coverage.map((c) => el('li', {},
      el('span', { className: 'coverage-item', text: `${c.item}: ${num(c.requested)} ${c.unit}` }), ' ',
      el('progress', { max: 100, value: Math.min(100, c.acceptedPercent), 'aria-label': `${c.item} accepted` }),
      ` ${c.acceptedPercent} % accepted, ${c.deliveredPercent} % delivered`))))));
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 5, className: 'text muted', text: 'No assistance request yet.' })));
  replace($('assistance').tBodies[0], rows);
}

// ---------------------------------------------------------------- the live feed

function summary(entry) {
  const p = entry.payload || {};
  switch (entry.kind) {
    case 'dailyReport': {
      const r = p.report || {};
      return [`Daily report for ${r.reportDate ?? '?'}${p.version ? ` (v${p.version})` : ''}: ${num(r.arrivals?.total)} arrivals, ${num(r.departures?.total)} departures`,
        r.notes ? el('q', { className: 'notes', text: r.notes }) : null];
    }
    case 'measure': {
      const m = p.measure || {};
      return [`${words(m.type)} (${words(m.status)}): `, el('span', { className: 'measure-title', text: m.title ?? '' }),
        entry.retroactive ? el('strong', { className: 'short-notice', text: ' retroactive: announced after it took effect' })
          : entry.shortNotice ? el('strong', { className: 'short-notice', text: ' short notice' }) : null];
    }
    case 'acknowledgement':
      return `${p.country ?? entry.source} acknowledged ${p.itemKey ?? ''}`;
    default:
      return [words(entry.messageType), p.title ? `: ${p.title}` : '', p.method ? el('div', { className: 'muted', text: p.method }) : null];
  }
}

function addEntry(entry) {
  const feed = $('feed');
  feed.prepend(el('li', { 'data-sequence': entry.sequence, 'data-kind': entry.kind, 'data-item': entry.itemKey, className: entry.exercise ? 'exercise' : '' },
    el('span', { className: 'seq', text: `#${entry.sequence}` }), ' ', exerciseMark(entry.exercise),
    el('span', { className: `kind kind-${entry.kind}`, text: words(entry.kind) }), ' ',
    el('strong', { className: 'source', text: entry.source }), ' ',
    time(entry.relayedAt),
    el('div', { className: 'summary' }, summary(entry))));
  while (feed.children.length > 100) feed.lastElementChild.remove();
  affects(entry.kind).forEach(refresh);
}

function affects(kind) {
  switch (kind) {
    case 'dailyReport': return ['day', 'series', 'compliance', 'commitments'];
    case 'measure': return ['measures', 'day'];
    case 'acknowledgement': return ['measures'];
    case 'alert': return ['day', 'compliance', 'measures'];
    case 'assistance': return ['assistance', 'commitments'];
    default: return [];
  }
}

const feedState = {
  live: 'live.',
  reconnecting: 'reconnecting…',
  disconnected: 'disconnected; retrying…',
  unavailable: 'live updates unavailable',
};

function online(isOnline, text) {
  $('offline').hidden = isOnline;
  $('feed-state').textContent = text;
}

start().catch((error) => {
  $('load-error').textContent = `The dashboard could not start: ${error.message}`;
  $('load-error').hidden = false;
});
