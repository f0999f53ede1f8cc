// Wires the self-review form to the browser: saves as you go (localStorage only), progress and chart,
// export, import, CSV, print and delete, in either view: every area, or the questions for governors
// (chosen on the page or by the address's #governors). Text from people or files is only ever set as
// text, never HTML.
(function () {
"use strict";
const {
  actionPlanCsv,
  areaAnswer,
  changesSince,
  emptyState,
  exportDocument,
  governorAnswer,
  governorCsv,
  governorProgress,
  isBlank,
  isBlankNote,
  LIMITS,
  readImport,
  scores,
  updatedAreas,
  visibleAreas,
} = window.PiesReviewCore;
const { announce: sayIn, browserStore, download } = window.PiesPrivateRecords;


const STORAGE_KEY = "pies-self-review/v1";
const SVG = "http://www.w3.org/2000/svg";
const GOVERNORS = "governors"; // the view's name, and the anchor of its questions

const root = document.getElementById("sr");
const content = JSON.parse(document.getElementById("sr-data").textContent);
const areaByKey = new Map(content.areas.map((area) => [area.key, area]));
const store = browserStore(STORAGE_KEY);
let state = loadSaved();
let saveTimer = null;

function loadSaved() {
  const saved = store.load();
  if (!saved) return emptyState();
  const read = readImport(saved, content); // damaged: start afresh, never break the page
  return read.ok ? { ...read.state, updated: JSON.parse(saved).updated ?? null } : emptyState();
}

function save(message = "Saved in this browser.") {
  state.updated = new Date().toISOString();
  if (store.save(JSON.stringify({ ...exportDocument(state, content), updated: state.updated }))) announce(message);
  else announce("Could not save: this browser is not allowing storage. Save your answers as a file to keep them.");
}

function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => save(), 400);
}

function announce(text) {
  sayIn(document.getElementById("sr-status"), text);
}

// ---- Reading the form into the state, and the state into the form ----

function fieldset(key) {
  return root.querySelector(`fieldset.sr-area[data-area="${CSS.escape(key)}"]`);
}

function fillForm() {
  root.querySelector("#sr-setting-name").value = state.setting.name;
  root.querySelector("#sr-setting-type").value = state.setting.type;
  for (const radio of root.querySelectorAll("input[name=sr-mode]")) radio.checked = radio.value === state.mode;
  for (const box of root.querySelectorAll("fieldset.sr-question")) {
    const note = state.governors[box.dataset.question] ?? { note: "", followUp: false };
    box.querySelector("[data-field=note]").value = note.note;
    box.querySelector("[data-field=follow-up]").checked = note.followUp;
  }
  applyMode();
  for (const area of content.areas) {
    const box = fieldset(area.key);
    const answer = state.areas[area.key] ?? { level: null, commentary: "", evidence: "", actions: [] };
    for (const radio of box.querySelectorAll("input[type=radio]")) radio.checked = Number(radio.value) === answer.level;
    box.querySelector("textarea[data-field=commentary]").value = answer.commentary;
    box.querySelector("textarea[data-field=evidence]").value = answer.evidence;
    const list = box.querySelector(".sr-action-list");
    list.replaceChildren(...answer.actions.map((action) => actionRow(action)));
    showNextSteps(area.key);
  }
  markUpdated();
  applyFilter();
  refreshResults();
}

function actionRow(action = { what: "", who: "", by: "" }) {
  const row = document.getElementById("sr-action-template").content.firstElementChild.cloneNode(true);
  for (const input of row.querySelectorAll("input[data-field]")) input.value = action[input.dataset.field] ?? "";
  return row;
}

function readArea(key) {
  const box = fieldset(key);
  const answer = areaAnswer(state, key);
  const chosen = box.querySelector("input[type=radio]:checked");
  answer.level = chosen ? Number(chosen.value) : null;
  answer.commentary = box.querySelector("textarea[data-field=commentary]").value.slice(0, LIMITS.text);
  answer.evidence = box.querySelector("textarea[data-field=evidence]").value.slice(0, LIMITS.text);
  answer.actions = [...box.querySelectorAll(".sr-action-row")].map((row) => ({
    what: row.querySelector("[data-field=what]").value.slice(0, LIMITS.actionText),
    who: row.querySelector("[data-field=who]").value.slice(0, LIMITS.actionText),
    by: row.querySelector("[data-field=by]").value,
  }));
  answer.wording = areaByKey.get(key).wording; // answered against today's wording
  answer.answered = new Date().toISOString().slice(0, 10); // notes after this day are news to this answer
  if (isBlank(answer)) delete state.areas[key];
}

function readQuestion(box) {
  const key = box.dataset.question;
  const note = governorAnswer(state, key);
  note.note = box.querySelector("[data-field=note]").value.slice(0, LIMITS.text);
  note.followUp = box.querySelector("[data-field=follow-up]").checked;
  if (isBlankNote(note)) delete state.governors[key];
}

/** Show the chosen view (the stylesheet hides the other's parts) and keep #governors in the address with it. */
function applyMode() {
  const governors = state.mode === GOVERNORS;
  root.classList.toggle("sr--governors", governors);
  const wanted = governors ? `#${GOVERNORS}` : "";
  if (location.hash !== wanted && (governors || location.hash === `#${GOVERNORS}`)) {
    history.replaceState(history.state, "", `${location.pathname}${location.search}${wanted}`);
  }
}

function showNextSteps(key) {
  const box = fieldset(key);
  const level = state.areas[key]?.level;
  const next = box.querySelector(".sr-next");
  const list = next.querySelector("ul");
  if (!level) {
    next.hidden = true;
    list.replaceChildren();
    return;
  }
  const area = areaByKey.get(key);
  next.querySelector(".sr-next-title").textContent =
    level < 4 ? `To reach level ${level + 1} (${content.levels[level]})` : "To keep this level";
  list.replaceChildren(...area.levels[level - 1].improvements.map((text) => element("li", text)));
  next.hidden = false;
}

function markUpdated() {
  const changed = new Set(updatedAreas(state, content));
  const notes = changesSince(state, content);
  for (const area of content.areas) {
    const box = fieldset(area.key);
    box.querySelector(".sr-updated").hidden = !changed.has(area.key);
    const list = box.querySelector(".sr-changes");
    const found = notes.get(area.key) || [];
    list.querySelector("ul").replaceChildren(...found.map((change) => element("li", `${longDate(change.date)}: ${change.note}`)));
    list.hidden = found.length === 0;
  }
}

// "6 December 2026", as toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) writes
// it, without the Intl call: the first one loads the locale's data, 15 ms of the page's load on a fast computer.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A day of the calendar (YYYY-MM-DD) in words. */
function longDate(iso) {
  const date = new Date(`${iso}T12:00:00Z`);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** A moment's day in this device's time zone, in words. */
function localDate(when) {
  return `${when.getDate()} ${MONTHS[when.getMonth()]} ${when.getFullYear()}`;
}

function applyFilter() {
  const shown = new Set(visibleAreas(content, state.setting.type).map((area) => area.key));
  for (const area of content.areas) fieldset(area.key).hidden = !shown.has(area.key);
  for (const section of root.querySelectorAll(".sr-objective")) {
    section.hidden = ![...section.querySelectorAll("fieldset.sr-area")].some((box) => !box.hidden);
  }
}

// ---- Results: progress, score table, chart and the printable report ----

function refreshResults() {
  const asked = governorProgress(state, content);
  document.getElementById("sr-governors-progress").textContent =
    `${asked.answered} of ${asked.total} questions answered` + (asked.followUp ? `; ${asked.followUp} to follow up.` : ".");
  const result = scores(state, content, state.setting.type);
  document.getElementById("sr-progress-text").textContent =
    `${result.reviewed} of ${result.total} areas reviewed` +
    (result.average === null ? "." : `; average level ${result.average} out of 4.`);
  for (const objective of result.objectives) {
    const row = root.querySelector(`#sr-score-table tr[data-objective="${CSS.escape(objective.id)}"]`);
    row.querySelector(".sr-count").textContent = `${objective.reviewed} of ${objective.total}`;
    row.querySelector(".sr-average").textContent = objective.average === null ? "Not started" : `${objective.average} out of 4`;
  }
  drawChart(result);
  if (state.mode === GOVERNORS) buildGovernorReport(asked);
  else buildReport(result);
}

function drawChart(result) {
  const width = 320;
  const rowHeight = 34;
  const labelWidth = 130;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${rowHeight * result.objectives.length + 24}`);
  svg.setAttribute("aria-hidden", "true"); // the score table says the same in text
  svg.setAttribute("focusable", "false");
  const scale = (value) => ((width - labelWidth - 10) * value) / 4;
  for (let tick = 0; tick <= 4; tick += 1) {
    const x = labelWidth + scale(tick);
    svg.append(svgElement("line", { x1: x, x2: x, y1: 0, y2: rowHeight * result.objectives.length, class: "sr-grid" }));
    svg.append(svgElement("text", { x, y: rowHeight * result.objectives.length + 16, class: "sr-tick" }, String(tick)));
  }
  result.objectives.forEach((objective, index) => {
    const y = index * rowHeight;
    svg.append(svgElement("text", { x: 0, y: y + 21, class: "sr-label" }, objective.title));
    const value = objective.average ?? 0;
    svg.append(svgElement("rect", { x: labelWidth, y: y + 7, width: scale(value), height: 20, class: "sr-bar" }));
    svg.append(
      svgElement("text", { x: labelWidth + scale(value) + 4, y: y + 21, class: "sr-value" }, objective.average === null ? "–" : String(objective.average)),
    );
  });
  document.getElementById("sr-chart").replaceChildren(svg);
}

function svgElement(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [attribute, value] of Object.entries(attributes)) node.setAttribute(attribute, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function element(name, text, className) {
  const node = document.createElement(name);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function buildReport(result) {
  const report = document.getElementById("sr-report");
  const title = element("h2", `Online safety self-review: ${state.setting.name || "our setting"}`);
  const setting = content.audiences.find((audience) => audience.id === state.setting.type);
  const when = state.updated ? new Date(state.updated) : new Date();
  const meta = element(
    "p",
    `${setting ? `${setting.title}. ` : ""}Last updated ${localDate(when)}. ` +
      `${result.reviewed} of ${result.total} areas reviewed.`,
  );
  const chart = document.getElementById("sr-chart").firstElementChild.cloneNode(true);
  const summary = element("table");
  summary.append(element("caption", "Average level by objective (1 = not yet in place, 4 = embedded and reviewed)"));
  for (const objective of result.objectives) {
    const row = element("tr");
    row.append(element("th", objective.title), element("td", `${objective.reviewed} of ${objective.total} reviewed`));
    row.append(element("td", objective.average === null ? "Not started" : `${objective.average} out of 4`));
    summary.append(row);
  }
  const parts = [title, meta, chart, summary];
  const plan = [];
  for (const objective of content.objectives) {
    const areas = visibleAreas(content, state.setting.type).filter((area) => area.objective === objective.id);
    const answered = areas.filter((area) => state.areas[area.key] && !isBlank(state.areas[area.key]));
    if (!answered.length) continue;
    parts.push(element("h3", objective.title));
    for (const area of answered) {
      const answer = state.areas[area.key];
      parts.push(element("h4", area.title));
      parts.push(
        element("p", answer.level ? `Level ${answer.level}: ${content.levels[answer.level - 1]}. ${area.levels[answer.level - 1].statement}` : "No level chosen yet."),
      );
      if (answer.commentary) parts.push(labelled("Commentary", answer.commentary));
      if (answer.evidence) parts.push(labelled("Evidence", answer.evidence));
      for (const action of answer.actions) plan.push([area.title, action]);
    }
  }
  parts.push(element("h3", "Action plan"));
  if (plan.length) {
    const table = element("table", undefined, "sr-plan-table");
    const head = element("tr");
    for (const heading of ["Area", "What needs doing", "Who", "By when"]) head.append(element("th", heading));
    table.append(head);
    for (const [area, action] of plan) {
      const row = element("tr");
      for (const cell of [area, action.what, action.who, action.by]) row.append(element("td", cell));
      table.append(row);
    }
    parts.push(table);
  } else {
    parts.push(element("p", "No actions recorded yet."));
  }
  report.replaceChildren(...parts);
}

function buildGovernorReport(asked) {
  const when = state.updated ? new Date(state.updated) : new Date();
  const parts = [
    element("h2", `Online safety questions for the board: ${state.setting.name || "our setting"}`),
    element(
      "p",
      `Last updated ${localDate(when)}. ` +
        `${asked.answered} of ${asked.total} questions answered; ${asked.followUp} to follow up.`,
    ),
  ];
  for (const group of content.governorGroups) {
    const questions = content.governorQuestions.filter((question) => question.ask === group.id);
    if (!questions.length) continue;
    parts.push(element("h3", group.title));
    for (const question of questions) {
      const note = state.governors[question.key];
      parts.push(element("h4", question.question));
      parts.push(note?.note ? labelled("What we were told", note.note) : element("p", "Not answered yet."));
      if (note?.followUp) parts.push(element("p", "To follow up.", "sr-report-follow-up"));
    }
  }
  document.getElementById("sr-report").replaceChildren(...parts);
}

function labelled(label, text) {
  const paragraph = element("p");
  paragraph.append(element("strong", `${label}: `), document.createTextNode(text));
  return paragraph;
}

// ---- Files: export, import, CSV ----

function fileStem() {
  const name = state.setting.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${name || "online-safety"}-self-review-${new Date().toISOString().slice(0, 10)}`;
}

async function importFile(file) {
  if (file.size > 1_000_000) {
    announce("That file is too large to be a review (the limit is 1 MB). Your saved review has not changed.");
    return;
  }
  const read = readImport(await file.text(), content);
  if (!read.ok) {
    announce(`${read.error} Your saved review has not changed.`);
    return;
  }
  state = read.state;
  fillForm();
  const skipped =
    (read.ignored.length ? ` ${read.ignored.length} answer(s) for areas this page no longer has were left out.` : "") +
    (read.ignoredQuestions.length ? ` ${read.ignoredQuestions.length} note(s) on questions this page no longer has were left out.` : "");
  save(`Review imported and saved in this browser.${skipped}`);
}

// ---- Events ----

root.addEventListener("input", (event) => {
  const target = event.target;
  if (target.id === "sr-setting-name") {
    state.setting.name = target.value.slice(0, LIMITS.name);
  } else if (target.id === "sr-setting-type" || target.name === "sr-mode") {
    return; // handled on change
  } else if (target.closest("fieldset.sr-question")) {
    readQuestion(target.closest("fieldset.sr-question"));
  } else {
    const box = target.closest("fieldset.sr-area");
    if (!box) return;
    readArea(box.dataset.area);
    if (target.type === "radio") showNextSteps(box.dataset.area);
    box.querySelector(".sr-updated").hidden = true;
    box.querySelector(".sr-changes").hidden = true; // answered again today: the notes are no longer news
  }
  refreshResults();
  saveSoon();
});

root.addEventListener("change", (event) => {
  const target = event.target;
  if (target.id === "sr-setting-type") {
    state.setting.type = target.value;
    applyFilter();
    refreshResults();
    save(target.value ? "Showing the areas for your type of setting. Saved." : "Showing every area. Saved.");
  } else if (target.name === "sr-mode") {
    state.mode = target.value;
    applyMode();
    refreshResults();
    save(state.mode === GOVERNORS ? "Showing the questions for governors and trustees. Saved." : "Showing every area. Saved.");
  } else if (target.dataset.srAction === "import-json" && target.files.length) {
    importFile(target.files[0]).finally(() => (target.value = ""));
  }
});

root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-sr-action]");
  if (!button) return;
  const action = button.dataset.srAction;
  if (action === "add-action") {
    const box = button.closest("fieldset.sr-area");
    const row = actionRow();
    box.querySelector(".sr-action-list").append(row);
    row.querySelector("input").focus();
    readArea(box.dataset.area);
    saveSoon();
  } else if (action === "remove-action") {
    const box = button.closest("fieldset.sr-area");
    const add = box.querySelector("button[data-sr-action=add-action]");
    button.closest(".sr-action-row").remove();
    add.focus();
    readArea(box.dataset.area);
    refreshResults();
    save("Action removed. Saved.");
  } else if (action === "export-json") {
    download(`${fileStem()}.json`, "application/json", JSON.stringify(exportDocument(state, content), null, 2));
    announce("Your answers were saved as a file. Open it here, or on another device, with Open saved answers.");
  } else if (action === "export-csv") {
    download(`${fileStem()}-action-plan.csv`, "text/csv", actionPlanCsv(state, content, state.setting.type));
    announce("The action plan was downloaded as a spreadsheet file.");
  } else if (action === "export-governors-csv") {
    download(`${fileStem()}-questions.csv`, "text/csv", governorCsv(state, content));
    announce("Your questions and notes were downloaded as a spreadsheet file.");
  } else if (action === "print") {
    window.print();
  } else if (action === "clear") {
    if (!window.confirm("Delete every answer saved in this browser? This cannot be undone. Save your answers as a file first if you want a copy.")) return;
    store.remove();
    state = { ...emptyState(), mode: state.mode }; // the view stays as chosen; only the answers go
    fillForm();
    announce("Your answers have been deleted from this browser.");
  }
});

// The form is filled in a task of its own, after the theme's start-up rather than inside it: one long task at
// load keeps a phone from answering a tap (Lighthouse's total blocking time). Until then review.css shows the
// view the address asks for.
setTimeout(() => {
  root.classList.add("sr--ready");
  if (location.hash === `#${GOVERNORS}` && state.mode !== GOVERNORS) {
    state.mode = GOVERNORS; // a link to #governors chooses that view, and it is remembered like a choice made here
    fillForm();
    save("Showing the questions for governors and trustees. Saved.");
  } else {
    fillForm();
  }
}, 0);
})();
