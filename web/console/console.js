// The officer console of one contact point: the inbox (live through /hubs/alerts, caught up from the
// last sequence seen after any disconnection), today's report form (checked as the officer types with
// the API's own rules through /api/reports/check), the country's reports with their versions, and the
// measure form with its lead-time warning.
"use strict";

const state = {
  me: null,
  country: null,
  lastSequence: 0,     // the highest sequence shown: the inbox is gap-free, so after=lastSequence catches up
  items: new Map(),    // sequence -> inbox item
  reports: [],
  defaultDate: null,   // the day the console opens on: see GET /api/reports/default-day
  officer: false,
};

function readUpTo() {
  return Number(localStorage.getItem("balkanhub.read." + state.country) || "0");
}

function updateUnread() {
  const read = readUpTo();
  let unread = 0;
  for (const sequence of state.items.keys()) if (sequence > read) unread++;
  const badge = document.getElementById("unread");
  badge.textContent = String(unread);
  badge.hidden = unread === 0;
  document.title = (unread > 0 ? "(" + unread + ") " : "") + "BalkanHub: " + (state.country || "") + " officer console";
  document.getElementById("inbox-status").textContent =
    state.items.size + " items relayed to " + state.country + ", " + unread + " unread. Live updates " +
    (document.getElementById("offline").hidden ? "on." : "paused.");
}

// ---------- inbox ----------

function summary(item) {
  const p = item.payload || {};
  if (p.report) {
    const r = p.report;
    const parts = [r.reportDate + ": arrivals " + hub.number(r.arrivals && r.arrivals.total) + ", departures " + hub.number(r.departures && r.departures.total)
      + ", present " + hub.number(r.peoplePresent)];
    if (r.notes) parts.push("Notes: " + r.notes);
    return parts.join("\n");
  }
  if (p.measure) {
    const m = p.measure;
    const parts = [m.type + " (" + m.status + "): " + m.title, "Effective from " + hub.when(m.effectiveFrom)];
    if (m.description) parts.push(m.description);
    return parts.join("\n");
  }
  for (const key of ["title", "reason", "message", "note"]) if (typeof p[key] === "string") return p[key];
  return item.messageType;
}

function ackCell(item) {
  if (!item.requiresAcknowledgement) return hub.el("span", "not needed", "muted");
  if (item.acknowledgedAt) return hub.el("span", "acknowledged " + hub.when(item.acknowledgedAt), "status-ok");
  const wrap = document.createElement("span");
  if (item.acknowledgeBy) wrap.append(hub.el("span", "due " + hub.when(item.acknowledgeBy) + " ", "status-late"));
  if (state.officer) {
    const button = hub.el("button", "Acknowledge");
    button.type = "button";
    button.setAttribute("aria-label", "Acknowledge item " + item.sequence + " from " + item.source);
    button.addEventListener("click", async () => {
      button.disabled = true;
      const answer = await hub.post("/api/inbox/" + item.sequence + "/ack");
      if (answer.ok) {
        item.acknowledgedAt = answer.body.acknowledgedAt;
        renderItem(item);
      } else {
        button.disabled = false;
      }
    });
    wrap.append(button);
  }
  return wrap;
}

function renderItem(item) {
  const details = hub.el("pre", summary(item), "text");
  const key = hub.el("code", item.itemKey);
  const tr = hub.row([String(item.sequence), item.source, key, details, hub.when(item.relayedAt), ackCell(item)]);
  tr.dataset.sequence = String(item.sequence);
  tr.dataset.itemKey = item.itemKey;
  if (item.exercise) {
    tr.classList.add("exercise");
    tr.cells[2].prepend(hub.el("strong", "EXERCISE ", "exercise-label"));
  }
  const body = document.querySelector("#inbox-table tbody");
  const existing = body.querySelector('tr[data-sequence="' + item.sequence + '"]');
  if (existing) existing.replaceWith(tr);
  else body.prepend(tr); // newest first
}

function show(item) {
  if (state.items.has(item.sequence)) return;
  state.items.set(item.sequence, item);
  state.lastSequence = Math.max(state.lastSequence, item.sequence);
  renderItem(item);
}

let catchingUp = null;
/** Reads everything after the last sequence shown; pushes that arrive meanwhile are folded in by sequence. */
function catchUp() {
  if (catchingUp) return catchingUp;
  catchingUp = (async () => {
    try {
      for (;;) {
        const page = await hub.json("/api/inbox?after=" + state.lastSequence + "&limit=500");
        if (!page.ok) return;
        for (const item of page.body.items) show(item);
        if (page.body.items.length < 500) break;
      }
    } finally {
      catchingUp = null;
      updateUnread();
    }
  })();
  return catchingUp;
}

function setOnline(online) {
  document.getElementById("offline").hidden = online;
  updateUnread();
}

async function connect() {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/alerts")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) })
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.on("Relayed", item => {
    // A push that skips a sequence means something was missed: read the gap from the inbox instead.
    if (item.sequence === state.lastSequence + 1) {
      show(item);
      updateUnread();
    } else if (item.sequence > state.lastSequence) {
      catchUp();
    }
  });
  connection.onreconnecting(() => setOnline(false));
  connection.onreconnected(async () => {
    await catchUp();
    setOnline(true);
  });
  // Automatic reconnection gives up after a while (a long restart); keep trying, and catch up after.
  connection.onclose(() => {
    setOnline(false);
    setTimeout(() => start(connection), 2000);
  });
  await start(connection);
}

async function start(connection) {
  try {
    await connection.start();
    await catchUp();
    setOnline(true);
  } catch {
    setOnline(false);
    setTimeout(() => start(connection), 2000);
  }
}

// ---------- forms ----------

/** Reads a form's named inputs into a nested object: "composition.men" becomes { composition: { men } }. */
function draftOf(form) {
  const draft = {};
  for (const input of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (input.closest("[data-for-type]") && input.closest("[data-for-type]").hidden) continue;
    let value = input.value.trim();
    if (input.type === "checkbox" && !input.checked) continue;
    if (value === "") continue;
    if (input.type === "number") value = Number(value);
    else if (input.type === "datetime-local") value = new Date(value).toISOString();
    else if (input.type === "checkbox") value = input.checked;
    else if (input.name === "affectedCrossingPoints" || input.name === "parameters.nationalities")
      value = value.split(",").map(v => v.trim().toUpperCase()).filter(v => v);
    const path = input.name.split(".");
    let target = draft;
    for (const part of path.slice(0, -1)) target = target[part] = target[part] || {};
    target[path[path.length - 1]] = value;
  }
  return draft;
}

/** Puts each error next to its field; errors for fields the form does not show go in the list below it. */
function showErrors(form, errors, otherList) {
  for (const p of form.querySelectorAll(".field-error[id^='err-']")) p.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  otherList.replaceChildren();
  for (const [field, messages] of Object.entries(errors || {})) {
    const slot = document.getElementById("err-" + field);
    const text = field + " " + messages.join(" ");
    if (slot && form.contains(slot)) {
      slot.textContent = text;
      const input = form.querySelector('[name="' + field + '"]');
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", slot.id);
      }
    } else {
      otherList.append(hub.el("li", text));
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
 * Puts each warning next to its field, apart from the errors: the draft would be accepted, but the
 * figure looks wrong enough to check again. Warnings for fields the form does not show go in the list.
 */
function showWarnings(form, warnings, otherList) {
  for (const p of form.querySelectorAll("p.field-warning[id^='warn-']")) p.remove();
  for (const input of form.querySelectorAll("[data-warning]")) input.removeAttribute("data-warning");
  otherList.replaceChildren();
  for (const warning of warnings || []) {
    const text = "Check " + warning.field + ": " + warning.message;
    const errorSlot = document.getElementById("err-" + warning.field);
    if (errorSlot && form.contains(errorSlot)) {
      const slot = hub.el("p", text, "field-warning");
      slot.id = "warn-" + warning.field;
      errorSlot.after(slot);
      const input = form.querySelector('[name="' + warning.field + '"]');
      if (input) {
        input.dataset.warning = "true";
        if (!input.hasAttribute("aria-invalid")) input.setAttribute("aria-describedby", slot.id);
      }
    } else {
      otherList.append(hub.el("li", text));
    }
  }
}

// ---------- reports ----------

function fill(form, report) {
  const values = {
    "arrivals.total": report.arrivals && report.arrivals.total,
    "departures.total": report.departures && report.departures.total,
    peoplePresent: report.peoplePresent,
    registered: report.registered,
    asylumApplications: report.asylumApplications,
    "composition.men": report.composition && report.composition.men,
    "composition.women": report.composition && report.composition.women,
    "composition.children": report.composition && report.composition.children,
    "composition.unaccompaniedChildren": report.composition && report.composition.unaccompaniedChildren,
    "capacity.total": report.capacity && report.capacity.total,
    "capacity.occupied": report.capacity && report.capacity.occupied,
    expectedArrivalsNext24h: report.expectedArrivalsNext24h,
  };
  for (const [name, value] of Object.entries(values)) {
    const input = form.querySelector('[name="' + name + '"]');
    if (input) input.value = value === null || value === undefined ? "" : String(value);
  }
}

async function loadReports() {
  const [reports, defaultDay] = await Promise.all([hub.all("/api/reports"), hub.json("/api/reports/default-day")]);
  state.reports = reports;
  state.defaultDate = defaultDay.ok ? defaultDay.body.date : null;
  const body = document.querySelector("#reports-table tbody");
  body.replaceChildren();
  for (const view of [...state.reports].reverse()) {
    const r = view.report;
    const correct = hub.el("button", "Correct");
    correct.type = "button";
    correct.className = "secondary";
    correct.setAttribute("aria-label", "Correct the report of " + r.reportDate);
    correct.addEventListener("click", () => {
      const form = document.getElementById("report-form");
      form.querySelector('[name="reportDate"]').value = r.reportDate;
      fill(form, r);
      form.querySelector('[name="notes"]').value = r.notes || "";
      document.getElementById("report-prefill").textContent =
        "Correcting " + r.reportDate + " (version " + view.version + "): submitting files version " + (view.version + 1) + ".";
      location.hash = "#report";
      form.querySelector('[name="arrivals.total"]').focus();
    });
    const tr = hub.row([r.reportDate, String(view.version), hub.number(r.arrivals.total), hub.number(r.departures.total),
      hub.number(r.peoplePresent), hub.when(view.submittedAt), correct]);
    tr.dataset.reportDate = r.reportDate;
    body.append(tr);
  }
}

function prefill() {
  const form = document.getElementById("report-form");
  const today = hub.today();
  form.querySelector('[name="reportDate"]').value = today;
  // Start from our report of the default day (the latest day we and enough neighbours reported), or
  // the last before it: a report of ours with a stray date is never the one the form starts from.
  const upTo = state.defaultDate && state.defaultDate < today ? state.defaultDate : null;
  const earlier = state.reports.filter(v => v.report.reportDate < today && (!upTo || v.report.reportDate <= upTo));
  const sameDay = state.reports.find(v => v.report.reportDate === today);
  const note = document.getElementById("report-prefill");
  if (earlier.length > 0) {
    const last = earlier[earlier.length - 1];
    fill(form, last.report);
    note.textContent = "Pre-filled from " + last.report.reportDate + ". Change what differs today.";
  } else {
    note.textContent = "No earlier report to start from.";
  }
  if (sameDay) note.textContent += " Today's report exists already (version " + sameDay.version + "): submitting files a correction.";
}

function setUpReportForm() {
  const form = document.getElementById("report-form");
  const others = document.getElementById("report-other-errors");
  let key = crypto.randomUUID();
  const warnings = document.getElementById("report-warnings");
  const check = debounce(async () => {
    const answer = await hub.post("/api/reports/check", draftOf(form));
    if (!answer.ok) return;
    showErrors(form, answer.body.errors, others);
    showWarnings(form, answer.body.warnings, warnings);
  }, 300);
  form.addEventListener("input", () => {
    key = crypto.randomUUID(); // a changed report is a new submission, not a retry
    check();
  });
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const result = document.getElementById("report-result");
    result.textContent = "Submitting…";
    const answer = await hub.post("/api/reports", draftOf(form), key);
    if (answer.status === 202) {
      const toCheck = (answer.body.warnings || []).length;
      result.textContent = "Accepted: " + answer.body.reportDate + ", version " + answer.body.version + "."
        + (toCheck > 0 ? " " + toCheck + (toCheck === 1 ? " figure looks" : " figures look") + " wrong: check and correct if needed." : "");
      showErrors(form, {}, others);
      showWarnings(form, answer.body.warnings, warnings);
      key = crypto.randomUUID();
      await loadReports();
    } else if (answer.status === 400) {
      result.textContent = "Not stored: correct the fields marked.";
      showErrors(form, answer.body.errors, others);
    } else {
      result.textContent = "Not stored: " + ((answer.body && (answer.body.detail || answer.body.title)) || answer.status);
    }
  });
}

// ---------- measures ----------

async function loadMeasures() {
  const measures = await hub.all("/api/measures");
  const body = document.querySelector("#measures-table tbody");
  body.replaceChildren();
  for (const view of [...measures].reverse()) {
    const m = view.measure;
    const tr = hub.row([(m.exercise ? "EXERCISE: " : "") + m.title, m.type, view.statusNow, hub.when(m.effectiveFrom), view.leadTime,
      view.retroactive ? hub.el("span", "retroactive", "status-missing")
        : view.shortNotice ? hub.el("span", "short notice", "status-late") : "enough notice"]);
    tr.dataset.measureId = m.measureId;
    body.append(tr);
  }
}

function setUpMeasureForm() {
  const form = document.getElementById("measure-form");
  const others = document.getElementById("measure-other-errors");
  const type = form.querySelector('[name="type"]');
  const lead = document.getElementById("lead-time");
  const warnings = document.getElementById("measure-warnings");
  let key = crypto.randomUUID();
  const showTypeFields = () => {
    for (const block of form.querySelectorAll("[data-for-type]")) block.hidden = block.dataset.forType !== type.value;
  };
  const check = debounce(async () => {
    const answer = await hub.post("/api/measures/check", draftOf(form));
    if (!answer.ok) return;
    showErrors(form, answer.body.errors, others);
    showWarnings(form, answer.body.warnings, warnings);
    if (answer.body.leadTimeHours === null) {
      lead.hidden = true;
    } else {
      lead.hidden = false;
      lead.textContent = answer.body.retroactive
        ? "It would be retroactive: " + answer.body.leadTime + ". Neighbours and the Commission will see it flagged."
        : "Neighbours get " + answer.body.leadTime.replace(/^announced /, "").replace(/ before it took effect$/, "") + " of notice." + (answer.body.shortNotice
          ? " That is short notice: less than the agreed " + answer.body.minimumNoticeHours + " h. Neighbours and the Commission will see it flagged."
          : "");
      lead.className = "banner " + (answer.body.shortNotice || answer.body.retroactive ? "offline" : "notice");
    }
  }, 300);
  type.addEventListener("change", showTypeFields);
  form.addEventListener("input", () => {
    key = crypto.randomUUID();
    check();
  });
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const result = document.getElementById("measure-result");
    const answer = await hub.post("/api/measures", draftOf(form), key);
    if (answer.status === 202) {
      result.textContent = "Announced: " + answer.body.measure.title + (answer.body.shortNotice ? " (short notice)." : ".");
      showErrors(form, {}, others);
      showWarnings(form, answer.body.warnings, warnings);
      key = crypto.randomUUID();
      await loadMeasures();
    } else if (answer.status === 400) {
      result.textContent = "Not sent: correct the fields marked.";
      showErrors(form, answer.body.errors, others);
    } else {
      result.textContent = "Not sent: " + ((answer.body && (answer.body.detail || answer.body.title)) || answer.status);
    }
  });
  showTypeFields();
}

// ---------- start ----------

document.addEventListener("DOMContentLoaded", async () => {
  state.me = await hub.me();
  state.country = state.me.country;
  state.officer = state.me.roles.includes("officer");
  document.getElementById("who").textContent = state.me.name + " · " + (state.me.country || "no country") + " · " + state.me.roles.join(", ");
  document.getElementById("country-name").textContent = state.country + " contact point";
  for (const form of document.querySelectorAll("#report-form, #measure-form")) form.hidden = !state.officer;
  document.getElementById("mark-read").addEventListener("click", () => {
    localStorage.setItem("balkanhub.read." + state.country, String(state.lastSequence));
    updateUnread();
  });
  setUpReportForm();
  setUpMeasureForm();
  await Promise.all([connect(), loadReports().then(prefill), loadMeasures()]);
});
