// The officer console of one contact point: the inbox (live through /hubs/alerts, caught up from the
// last sequence seen after any disconnection), today's report form (checked as the officer types with
// the API's own rules through /api/reports/check), the country's reports with their versions, and the
// measure form with its lead-time warning. All data goes onto the page as text (see /shared/dom.js).

import { all, post, request, showCaller } from '/shared/api.js';
import { $, el, replace, row } from '/shared/dom.js';
import { instant, num, time, today } from '/shared/format.js';
import { follow } from '/shared/live.js';

const state = {
  country: null,
  officer: false,
  lastSequence: 0,     // the highest sequence shown, for "mark all as read"
  items: new Map(),    // sequence -> inbox item
  reports: [],
  defaultDate: null,   // the day the console opens on: see GET /api/reports/default-day
  live: false,
  filter: '',          // the inbox filters as a query string; '' shows every item
  matching: 0,         // how many items the filters matched
  sources: new Set(),  // who has relayed something here, for the "From" filter
  scrolledTo: false,   // whether the item an email linked to has been brought into view
};

// ---------------------------------------------------------------- the unread count

const readKey = () => `balkanhub.read.${state.country}`;

function readUpTo() {
  return Number(localStorage.getItem(readKey()) || '0');
}

function updateUnread() {
  const read = readUpTo();
  let unread = 0;
  for (const sequence of state.items.keys()) if (sequence > read) unread++;
  const badge = $('unread');
  badge.textContent = String(unread);
  badge.hidden = unread === 0;
  document.title = `${unread > 0 ? `(${unread}) ` : ''}BalkanHub: ${state.country || ''} officer console`;
  const shown = state.filter ? `${state.matching} of ${state.items.size} items relayed to ${state.country} match the filters` : `${state.items.size} items relayed to ${state.country}`;
  $('inbox-status').textContent = `${shown}, ${unread} unread. Live updates ${state.live ? 'on.' : 'paused.'}`;
}

// ---------------------------------------------------------------- the inbox

function summary(item) {
  const p = item.payload || {};
  if (p.report) {
    const r = p.report;
    const parts = [`${r.reportDate}: arrivals ${num(r.arrivals?.total)}, departures ${num(r.departures?.total)}, present ${num(r.peoplePresent)}`];
    if (r.notes) parts.push(`Notes: ${r.notes}`);
    return parts.join('\n');
  }
  if (p.measure) {
    const m = p.measure;
    const parts = [`${m.type} (${m.status}): ${m.title}`, `Effective from ${instant(m.effectiveFrom)}`];
    if (m.description) parts.push(m.description);
    return parts.join('\n');
  }
  // The hub's overdue notice goes to the late country and to the one that announced the item.
  if (item.messageType === 'AcknowledgementOverdue') {
    return p.country === state.country
      ? `Your acknowledgement of ${p.itemKey} from ${p.sender} was due ${instant(p.dueAt)}: please acknowledge it.`
      : `${p.country} has not acknowledged your ${p.itemKey}, due ${instant(p.dueAt)}.`;
  }
  if (item.messageType === 'ReportReminderIssued') {
    return `Your daily report for ${p.reportDate} is not in yet. It is due ${instant(p.dueAt)}.`;
  }
  for (const key of ['title', 'reason', 'message', 'note']) if (typeof p[key] === 'string') return p[key];
  return item.messageType;
}

function ackCell(item) {
  if (!item.requiresAcknowledgement) return el('span', { className: 'muted', text: 'not needed' });
  if (item.acknowledgedAt) return el('span', { className: 'status-ok' }, 'acknowledged ', time(item.acknowledgedAt));
  const due = item.acknowledgeBy ? el('span', { className: 'status-late' }, 'due ', time(item.acknowledgeBy), ' ') : null;
  if (!state.officer) return el('span', {}, due);
  const button = el('button', { type: 'button', 'aria-label': `Acknowledge item ${item.sequence} from ${item.source}`, text: 'Acknowledge' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const answer = await post(`/api/inbox/${item.sequence}/ack`);
    if (answer.ok) {
      item.acknowledgedAt = answer.body.acknowledgedAt;
      renderItem(item);
    } else {
      button.disabled = false;
    }
  });
  return el('span', {}, due, button);
}

function renderItem(item) {
  const label = item.exercise ? el('strong', { className: 'exercise-label', text: 'EXERCISE ' }) : null;
  const linked = location.hash === `#item-${item.sequence}`;
  const classes = [item.exercise ? 'exercise' : null, linked ? 'linked' : null].filter(Boolean).join(' ') || null;
  const tr = row({ id: `item-${item.sequence}`, 'data-sequence': item.sequence, 'data-item-key': item.itemKey, 'data-kind': item.kind, className: classes }, [
    String(item.sequence), item.source, [label, el('code', { text: item.itemKey })],
    el('pre', { className: 'text', text: summary(item) }), time(item.relayedAt), ackCell(item)]);
  const body = $('inbox-table').tBodies[0];
  const existing = body.querySelector(`tr[data-sequence="${item.sequence}"]`);
  if (existing) existing.replaceWith(tr);
  else body.prepend(tr); // newest first
  // An email's link names the item: the page shows it once it has arrived, as the rows come in after the
  // load. Once only: a live re-read of a filtered list must not pull the officer back to it.
  if (linked && !state.scrolledTo) {
    state.scrolledTo = true;
    tr.scrollIntoView({ block: 'center' });
  }
}

function show(item) {
  state.items.set(item.sequence, item);
  state.lastSequence = Math.max(state.lastSequence, item.sequence);
  addSource(item.source);
  // Filtered, the server decides what matches: the view is read again once the burst of new items is in.
  if (state.filter) refilter();
  else renderItem(item);
  updateUnread();
}

/** Shows exactly these items, newest first. */
function renderAll(items) {
  $('inbox-table').tBodies[0].replaceChildren();
  [...items].sort((a, b) => a.sequence - b.sequence).forEach(renderItem);
}

// ---------------------------------------------------------------- inbox filters (applied by the server)

const filterFields = { kind: 'q-kind', source: 'q-source', from: 'q-from', to: 'q-to', q: 'q-text', unacknowledged: 'q-unack' };

function filterQuery() {
  const params = new URLSearchParams();
  for (const [name, id] of Object.entries(filterFields)) {
    const input = $(id);
    const value = input.type === 'checkbox' ? (input.checked ? 'true' : '') : input.value.trim();
    if (value) params.set(name, value);
  }
  return params.toString();
}

/** Every item matching the query, page after page; or the server's field errors. */
async function matching(query) {
  const items = [];
  let after = 0;
  for (;;) {
    const answer = await request(`/api/inbox?${query}&limit=1000&after=${after}`);
    if (!answer.ok) return { errors: answer.body?.errors || { '': [`The inbox could not be read (${answer.status}).`] } };
    items.push(...answer.body.items);
    if (answer.body.items.length < 1000) return { items };
    after = answer.body.next;
  }
}

let asked = 0; // the latest filter read: an earlier answer that comes back last is not shown

let officerAsking = 0;    // the officer's own reads under way
let cameInMeanwhile = false;

/** Applies the filters as the form has them now: the officer's submit, reset or choice. */
async function applyFilter() {
  officerAsking++;
  cameInMeanwhile = false;
  try {
    await showMatching(filterQuery());
  } finally {
    officerAsking--;
  }
  if (cameInMeanwhile) refilter();
}

/**
 * Reads the filter in force again once live items have come in. Not the form: fields the officer is
 * still typing (a "from" without its "to") apply only once submitted; CI caught a live item arriving
 * between two fields and emptying the list with a half-typed range. Nor over the officer's own read:
 * that answer is the one to show, and the items that came in meanwhile are read again after it.
 */
const refilter = debounce(() => {
  if (!state.filter) return;
  if (officerAsking) cameInMeanwhile = true;
  else showMatching(state.filter, { live: true });
}, 300);

async function showMatching(query, { live = false } = {}) {
  const mine = ++asked;
  const error = $('inbox-filter-error');
  if (!live) for (const id of Object.values(filterFields)) $(id).removeAttribute('aria-invalid');
  if (!query) {
    state.filter = '';
    error.textContent = '';
    renderAll(state.items.values());
    updateUnread();
    return;
  }
  const answer = await matching(query);
  if (mine !== asked) return;
  if (answer.errors && live) return; // the filter in force was accepted before; the next live item asks again
  if (answer.errors) {
    // Said with the labels the officer sees, next to the filters; the list stays as it was.
    error.textContent = Object.entries(answer.errors).map(([name, messages]) => {
      const input = $(filterFields[name]);
      input?.setAttribute('aria-invalid', 'true');
      const label = input ? document.querySelector(`label[for="${input.id}"]`).textContent : 'Filters';
      return `${label}: ${messages.join(' ')}`;
    }).join(' ');
    return;
  }
  // A live read leaves a message about a bad, unsubmitted combination where the officer can still see it.
  if (!live) error.textContent = '';
  state.filter = query;
  state.matching = answer.items.length;
  renderAll(answer.items);
  updateUnread();
}

function addSource(source) {
  if (state.sources.has(source)) return;
  state.sources.add(source);
  const select = $('q-source');
  const chosen = select.value;
  const options = [...state.sources].sort().map((code) => el('option', { value: code, text: code === 'HUB' ? 'The hub (alerts)' : code }));
  select.replaceChildren(el('option', { value: '', text: 'Anyone' }), ...options);
  select.value = chosen;
}

function setUpFilters() {
  const form = $('inbox-filters');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilter();
  });
  // After the reset has cleared the fields.
  form.addEventListener('reset', () => setTimeout(applyFilter, 0));
  for (const id of ['q-kind', 'q-source', 'q-unack']) $(id).addEventListener('change', applyFilter);
}

/** The banner and the status line follow the live connection: live only once caught up. */
function setLive(status) {
  state.live = status === 'live';
  $('offline').hidden = state.live;
  updateUnread();
}

// ---------------------------------------------------------------- forms

/** Reads a form's named inputs into a nested object: "composition.men" becomes { composition: { men } }. */
function draftOf(form) {
  const draft = {};
  for (const input of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (input.closest('[data-for-type]')?.hidden) continue;
    let value = input.value.trim();
    if (input.type === 'checkbox' && !input.checked) continue;
    if (value === '') continue;
    if (input.type === 'number') value = Number(value);
    else if (input.type === 'datetime-local') value = new Date(value).toISOString();
    else if (input.type === 'checkbox') value = input.checked;
    else if (input.name === 'affectedCrossingPoints' || input.name === 'parameters.nationalities')
      value = value.split(',').map((v) => v.trim().toUpperCase()).filter((v) => v);
    const path = input.name.split('.');
    let target = draft;
    for (const part of path.slice(0, -1)) target = target[part] = target[part] || {};
    target[path[path.length - 1]] = value;
  }
  return draft;
}

/** Puts each error next to its field; errors for fields the form does not show go in the list below it. */
function showErrors(form, errors, otherList) {
  for (const p of form.querySelectorAll(".field-error[id^='err-']")) p.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  replace(otherList);
  for (const [field, messages] of Object.entries(errors || {})) {
    const slot = $(`err-${field}`);
    const text = `${field} ${messages.join(' ')}`;
    if (slot && form.contains(slot)) {
      slot.textContent = text;
      const input = form.querySelector(`[name="${field}"]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', slot.id);
      }
    } else {
      otherList.append(el('li', { text }));
    }
  }
}

/**
 * Puts each warning next to its field, apart from the errors: the draft would be accepted, but the
 * figure looks wrong enough to check again. Warnings for fields the form does not show go in the list.
 */
function showWarnings(form, warnings, otherList) {
  for (const p of form.querySelectorAll("p.field-warning[id^='warn-']")) p.remove();
  for (const input of form.querySelectorAll('[data-warning]')) input.removeAttribute('data-warning');
  replace(otherList);
  for (const warning of warnings || []) {
    const text = `Check ${warning.field}: ${warning.message}`;
    const errorSlot = $(`err-${warning.field}`);
    if (errorSlot && form.contains(errorSlot)) {
      const slot = el('p', { id: `warn-${warning.field}`, className: 'field-warning', text });
      errorSlot.after(slot);
      const input = form.querySelector(`[name="${warning.field}"]`);
      if (input) {
        input.dataset.warning = 'true';
        if (!input.hasAttribute('aria-invalid')) input.setAttribute('aria-describedby', slot.id);
      }
    } else {
      otherList.append(el('li', { text }));
    }
  }
}

function debounce(action, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, ms);
  };
}

/**
 * Checks the draft with the API's own rules while the officer types. On a busy server the answers can
 * come back out of order; only the answer to the latest check is shown, so a slow answer about figures
 * already typed over never puts back a warning the officer has corrected. A submission makes every
 * check still under way stale too: its own answer is the one that counts.
 */
function checkWhileTyping(form, path, show) {
  let latest = 0;
  const check = debounce(async () => {
    const mine = ++latest;
    const answer = await post(path, draftOf(form));
    if (mine === latest && answer.ok) show(answer.body);
  }, 300);
  return { check, forget: () => { latest++; } };
}

/** What a refusal other than field errors says: the problem's detail or title, else the status. */
function refusal(answer) {
  return answer.body?.detail || answer.body?.title || answer.status;
}

// ---------------------------------------------------------------- reports

function fill(form, report) {
  const values = {
    'arrivals.total': report.arrivals?.total,
    'departures.total': report.departures?.total,
    peoplePresent: report.peoplePresent,
    registered: report.registered,
    asylumApplications: report.asylumApplications,
    'composition.men': report.composition?.men,
    'composition.women': report.composition?.women,
    'composition.children': report.composition?.children,
    'composition.unaccompaniedChildren': report.composition?.unaccompaniedChildren,
    'capacity.total': report.capacity?.total,
    'capacity.occupied': report.capacity?.occupied,
    expectedArrivalsNext24h: report.expectedArrivalsNext24h,
  };
  for (const [name, value] of Object.entries(values)) {
    const input = form.querySelector(`[name="${name}"]`);
    if (input) input.value = value === null || value === undefined ? '' : String(value);
  }
}

async function loadReports() {
  const [reports, defaultDay] = await Promise.all([all('/api/reports'), request('/api/reports/default-day')]);
  state.reports = reports;
  state.defaultDate = defaultDay.ok ? defaultDay.body.date : null;
  replace($('reports-table').tBodies[0], [...state.reports].reverse().map((view) => {
    const r = view.report;
    const correct = el('button', { type: 'button', className: 'secondary', 'aria-label': `Correct the report of ${r.reportDate}`, text: 'Correct' });
    correct.addEventListener('click', () => {
      const form = $('report-form');
      form.querySelector('[name="reportDate"]').value = r.reportDate;
      fill(form, r);
      form.querySelector('[name="notes"]').value = r.notes || '';
      $('report-prefill').textContent =
        `Correcting ${r.reportDate} (version ${view.version}): submitting files version ${view.version + 1}.`;
      location.hash = '#report';
      form.querySelector('[name="arrivals.total"]').focus();
    });
    return row({ 'data-report-date': r.reportDate }, [r.reportDate, String(view.version), num(r.arrivals.total), num(r.departures.total),
      num(r.peoplePresent), time(view.submittedAt), correct]);
  }));
}

function prefill() {
  const form = $('report-form');
  const note = $('report-prefill');
  // The reports can come after the officer has started typing (a slow line, a busy server): what they
  // typed stands, the form is not refilled under their hands.
  const day = today();
  const date = form.querySelector('[name="reportDate"]');
  if (form.dataset.typed) {
    if (!date.value) date.value = day;
    note.textContent = 'Not pre-filled: you had started typing.';
    return;
  }
  date.value = day;
  // Start from our report of the default day (the latest day we and enough neighbours reported), or
  // the last before it: a report of ours with a stray date is never the one the form starts from.
  const upTo = state.defaultDate && state.defaultDate < day ? state.defaultDate : null;
  const earlier = state.reports.filter((v) => v.report.reportDate < day && (!upTo || v.report.reportDate <= upTo));
  const sameDay = state.reports.find((v) => v.report.reportDate === day);
  if (earlier.length > 0) {
    const last = earlier[earlier.length - 1];
    fill(form, last.report);
    note.textContent = `Pre-filled from ${last.report.reportDate}. Change what differs today.`;
  } else {
    note.textContent = 'No earlier report to start from.';
  }
  if (sameDay) note.textContent += ` Today's report exists already (version ${sameDay.version}): submitting files a correction.`;
}

function setUpReportForm() {
  const form = $('report-form');
  const others = $('report-other-errors');
  const warnings = $('report-warnings');
  let key = crypto.randomUUID();
  const checks = checkWhileTyping(form, '/api/reports/check', (c) => {
    showErrors(form, c.errors, others);
    showWarnings(form, c.warnings, warnings);
  });
  form.addEventListener('input', () => {
    form.dataset.typed = 'true';
    key = crypto.randomUUID(); // a changed report is a new submission, not a retry
    checks.check();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    checks.forget();
    const result = $('report-result');
    result.textContent = 'Submitting…';
    const answer = await post('/api/reports', draftOf(form), key);
    if (answer.status === 202) {
      const toCheck = (answer.body.warnings || []).length;
      result.textContent = `Accepted: ${answer.body.reportDate}, version ${answer.body.version}.` +
        (toCheck > 0 ? ` ${toCheck} ${toCheck === 1 ? 'figure looks' : 'figures look'} wrong: check and correct if needed.` : '');
      showErrors(form, {}, others);
      showWarnings(form, answer.body.warnings, warnings);
      key = crypto.randomUUID();
      await loadReports();
    } else if (answer.status === 400) {
      result.textContent = 'Not stored: correct the fields marked.';
      showErrors(form, answer.body.errors, others);
    } else {
      result.textContent = `Not stored: ${refusal(answer)}`;
    }
  });
}

// ---------------------------------------------------------------- measures

async function loadMeasures() {
  const measures = await all('/api/measures');
  replace($('measures-table').tBodies[0], [...measures].reverse().map((view) => {
    const m = view.measure;
    const notice = view.retroactive ? el('span', { className: 'status-missing', text: 'retroactive' })
      : view.shortNotice ? el('span', { className: 'status-late', text: 'short notice' }) : 'enough notice';
    return row({ 'data-measure-id': m.measureId },
      [(m.exercise ? 'EXERCISE: ' : '') + m.title, m.type, view.statusNow, time(m.effectiveFrom), view.leadTime, notice]);
  }));
}

function setUpMeasureForm() {
  const form = $('measure-form');
  const others = $('measure-other-errors');
  const type = form.querySelector('[name="type"]');
  const lead = $('lead-time');
  const warnings = $('measure-warnings');
  let key = crypto.randomUUID();
  const showTypeFields = () => {
    for (const block of form.querySelectorAll('[data-for-type]')) block.hidden = block.dataset.forType !== type.value;
  };
  const checks = checkWhileTyping(form, '/api/measures/check', (c) => {
    showErrors(form, c.errors, others);
    showWarnings(form, c.warnings, warnings);
    if (c.leadTimeHours === null) {
      lead.hidden = true;
      return;
    }
    lead.hidden = false;
    lead.textContent = c.retroactive
      ? `It would be retroactive: ${c.leadTime}. Neighbours and the Commission will see it flagged.`
      : `Neighbours get ${c.leadTime.replace(/^announced /, '').replace(/ before it took effect$/, '')} of notice.` + (c.shortNotice
        ? ` That is short notice: less than the agreed ${c.minimumNoticeHours} h. Neighbours and the Commission will see it flagged.`
        : '');
    lead.className = `banner ${c.shortNotice || c.retroactive ? 'offline' : 'notice'}`;
  });
  type.addEventListener('change', showTypeFields);
  form.addEventListener('input', () => {
    key = crypto.randomUUID();
    checks.check();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    checks.forget();
    const result = $('measure-result');
    const answer = await post('/api/measures', draftOf(form), key);
    if (answer.status === 202) {
      result.textContent = `Announced: ${answer.body.measure.title}${answer.body.shortNotice ? ' (short notice).' : '.'}`;
      showErrors(form, {}, others);
      showWarnings(form, answer.body.warnings, warnings);
      key = crypto.randomUUID();
      await loadMeasures();
    } else if (answer.status === 400) {
      result.textContent = 'Not sent: correct the fields marked.';
      showErrors(form, answer.body.errors, others);
    } else {
      result.textContent = `Not sent: ${refusal(answer)}`;
    }
  });
  showTypeFields();
}

// ---------------------------------------------------------------- start

async function start() {
  const me = await showCaller($('who'));
  if (!me) return; // gone to sign-in
  state.country = me.country;
  state.officer = me.roles.includes('officer');
  $('country-name').textContent = `${state.country} contact point`;
  for (const form of document.querySelectorAll('#report-form, #measure-form')) form.hidden = !state.officer;
  $('mark-read').addEventListener('click', () => {
    localStorage.setItem(readKey(), String(state.lastSequence));
    updateUnread();
  });
  setUpFilters();
  setUpReportForm();
  setUpMeasureForm();
  // The inbox is gap-free and kept whole: it follows from the start.
  follow({ hub: '/hubs/alerts', method: 'Relayed', list: '/api/inbox', show, status: setLive });
  await Promise.all([loadReports().then(prefill), loadMeasures()]);
}

start();
