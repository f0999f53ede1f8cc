// The filtering and monitoring review in the browser: kept in this browser only as you type, saved to and
// opened from a file (checked by private-records.js, shared with the self-review), the record of tests,
// actions, last year's file to compare with, and the report for governors that prints. Text from people or
// files is only ever set as text, never HTML.
(function () {
"use strict";
const { announce: sayIn, browserStore, download, failure, isObject, optionalText, readRecordFile } = window.PiesPrivateRecords;

const FILE_KIND = { format: "pies-filtering-review", version: 1, noun: "filtering and monitoring review", source: "this page" };
const STORAGE_KEY = "pies-filtering-review/v1";
const RESULTS = { yes: "Yes", partly: "Partly", no: "No", na: "Does not apply" };
const RATINGS = { met: "Met", partly: "Partly met", "not-met": "Not met" };
const TESTED = { blocked: "Blocked", open: "Not blocked" };
const LIMITS = { short: 200, line: 500, text: 2000, rows: 200 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ABOUT = ["setting", "phase", "sites", "year", "date", "lastDate", "slt", "dsl", "it", "governor", "triggerNote"];
const CHECK_FIELDS = ["date", "who", "evidence", "note"];
const TEST_FIELDS = ["device", "site", "group", "date", "who", "certificate"];
const ACTION_FIELDS = ["what", "standard", "owner", "by", "cost"];
const DATE_FIELDS = new Set(["date", "lastDate", "by"]);

const root = document.getElementById("fm");
const content = JSON.parse(document.getElementById("fm-data").textContent);
const checks = content.standards.flatMap((standard) => standard.checks.map((check) => ({ ...check, standard: standard.id })));
const checkById = new Map(checks.map((check) => [check.id, check]));
const store = browserStore(STORAGE_KEY);
let state = loadSaved();
let saveTimer = null;

function emptyState() {
  return { about: {}, triggers: [], checks: {}, standards: {}, tests: [], actions: [], next: { date: "", triggers: "" }, previous: null, updated: null };
}

// ---- The file: what is saved, and the checks on what is opened ----

function exportDocument(now = new Date()) {
  return {
    format: FILE_KIND.format,
    version: FILE_KIND.version,
    exported: now.toISOString(),
    site: content.site,
    edition: content.edition,
    about: { ...state.about },
    triggers: [...state.triggers],
    checks: structuredClone(state.checks),
    standards: structuredClone(state.standards),
    tests: structuredClone(state.tests),
    actions: structuredClone(state.actions),
    next: { ...state.next },
    previous: state.previous ? structuredClone(state.previous) : null,
  };
}

/** A record of plain text fields, each no longer than its limit (dates written YYYY-MM-DD): the copy, or null. */
function textRecord(value, fields, limit) {
  if (!isObject(value)) return null;
  const copy = {};
  for (const field of fields) {
    const text = value[field];
    if (!optionalText(text, limit)) return null;
    if (DATE_FIELDS.has(field) && text && !DATE.test(text)) return null;
    copy[field] = text ?? "";
  }
  return copy;
}

/** Check an opened file's text and turn it into a state: {ok, state, ignored} or {ok: false, error}. */
function readImport(text) {
  const read = readRecordFile(text, FILE_KIND);
  if (!read.ok) return read;
  const data = read.data;
  const next = emptyState();
  const about = textRecord(data.about ?? {}, ABOUT, LIMITS.text);
  if (!about) return failure("The file is damaged: the details about the review are not text, or are too long.");
  next.about = about;
  if (!Array.isArray(data.triggers ?? []) || !(data.triggers ?? []).every((index) => Number.isInteger(index) && index >= 0 && index < content.triggers.length)) {
    return failure("The file is damaged: the reasons for the review are not a list of this page's choices.");
  }
  next.triggers = [...new Set(data.triggers ?? [])];
  let ignored = 0;
  if (!isObject(data.checks ?? {})) return failure("The file is damaged: the checks are not a set of answers.");
  for (const [id, answer] of Object.entries(data.checks ?? {})) {
    if (!checkById.has(id)) {
      ignored += 1; // a check this edition no longer asks
      continue;
    }
    const record = textRecord(answer, CHECK_FIELDS, LIMITS.text);
    if (!record || !(answer.result === undefined || answer.result === "" || answer.result in RESULTS) || !optionalText(answer.wording, 64)) {
      return failure(`The file is damaged: the answer to check "${id.slice(0, 80)}" is not valid.`);
    }
    next.checks[id] = { result: answer.result ?? "", ...record, wording: answer.wording ?? null };
  }
  if (!isObject(data.standards ?? {})) return failure("The file is damaged: the ratings are not a set of answers.");
  for (const standard of content.standards) {
    const given = (data.standards ?? {})[standard.id];
    if (given === undefined) continue;
    const record = textRecord(given, ["gaps"], LIMITS.text);
    if (!record || !(given.rating === undefined || given.rating === "" || given.rating in RATINGS)) {
      return failure(`The file is damaged: the rating of standard "${standard.title}" is not valid.`);
    }
    next.standards[standard.id] = { rating: given.rating ?? "", gaps: record.gaps };
  }
  const tests = rows(data.tests, TEST_FIELDS, (row, copy) => {
    if (!isObject(row.results ?? {})) return false;
    copy.results = {};
    for (const category of content.testCategories) {
      const value = (row.results ?? {})[category.id] ?? "";
      if (!(value === "" || value in TESTED)) return false;
      copy.results[category.id] = value;
    }
    return true;
  });
  if (!tests) return failure("The file is damaged: the record of tests is not a list of tests, or is too long.");
  next.tests = tests;
  const actions = rows(data.actions, ACTION_FIELDS, (row, copy) => copy.standard === "" || content.standards.some((s) => s.id === copy.standard));
  if (!actions) return failure("The file is damaged: the actions are not a list of actions, or are too long.");
  next.actions = actions;
  const plan = textRecord(data.next ?? {}, ["date", "triggers"], LIMITS.text);
  if (!plan) return failure("The file is damaged: the next review's date or triggers are not valid.");
  next.next = plan;
  if (data.previous !== undefined && data.previous !== null) {
    const previous = summaryFrom(data.previous);
    if (!previous) return failure("The file is damaged: last year's summary in it is not valid.");
    next.previous = previous;
  }
  return { ok: true, state: next, ignored };
}

function rows(list, fields, more) {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || list.length > LIMITS.rows) return null;
  const copies = [];
  for (const row of list) {
    const copy = textRecord(row, fields, LIMITS.line);
    if (!copy || !more(row, copy)) return null;
    copies.push(copy);
  }
  return copies;
}

/** What a review is compared on next year: its date, ratings and results only. */
function summaryOf(saved) {
  return {
    date: saved.about.date || "",
    setting: saved.about.setting || "",
    ratings: Object.fromEntries(Object.entries(saved.standards).map(([id, s]) => [id, s.rating || ""])),
    results: Object.fromEntries(Object.entries(saved.checks).map(([id, c]) => [id, c.result || ""])),
  };
}

function summaryFrom(value) {
  if (!isObject(value) || !optionalText(value.date, 10) || !optionalText(value.setting, LIMITS.short)) return null;
  if ((value.date && !DATE.test(value.date)) || !isObject(value.ratings) || !isObject(value.results)) return null;
  const ratings = Object.entries(value.ratings).filter(([id]) => content.standards.some((s) => s.id === id));
  const results = Object.entries(value.results).filter(([id]) => checkById.has(id));
  if (!ratings.every(([, v]) => v === "" || v in RATINGS) || !results.every(([, v]) => v === "" || v in RESULTS)) return null;
  return { date: value.date ?? "", setting: value.setting ?? "", ratings: Object.fromEntries(ratings), results: Object.fromEntries(results) };
}

// ---- Storage ----

function loadSaved() {
  const saved = store.load();
  if (!saved) return emptyState();
  const read = readImport(saved); // damaged: start afresh, never break the page
  return read.ok ? { ...read.state, updated: JSON.parse(saved).updated ?? null } : emptyState();
}

function save(message = "Saved in this browser.") {
  state.updated = new Date().toISOString();
  if (store.save(JSON.stringify({ ...exportDocument(), updated: state.updated }))) announce(message);
  else announce("Could not save: this browser is not allowing storage. Save your review as a file to keep it.");
}

function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => save(), 400);
}

function announce(text) {
  sayIn(document.getElementById("fm-status"), text);
}

// ---- The form and the state ----

function fillForm() {
  for (const input of root.querySelectorAll("[data-about]")) input.value = state.about[input.dataset.about] ?? "";
  for (const box of root.querySelectorAll("[data-trigger]")) box.checked = state.triggers.includes(Number(box.dataset.trigger));
  for (const check of checks) {
    const box = root.querySelector(`fieldset.fm-check[data-check="${CSS.escape(check.id)}"]`);
    const answer = state.checks[check.id] ?? {};
    for (const radio of box.querySelectorAll("input[type=radio]")) radio.checked = radio.value === answer.result;
    for (const field of CHECK_FIELDS) box.querySelector(`[data-field=${field}]`).value = answer[field] ?? "";
    box.querySelector(".fm-updated").hidden = !(answer.wording && answer.wording !== check.wording);
  }
  for (const box of root.querySelectorAll("fieldset.fm-rating")) {
    const rating = state.standards[box.dataset.standard] ?? {};
    for (const radio of box.querySelectorAll("input[type=radio]")) radio.checked = radio.value === rating.rating;
    box.querySelector("[data-field=gaps]").value = rating.gaps ?? "";
  }
  document.getElementById("fm-test-rows").replaceChildren(...state.tests.map((test) => fromTemplate("fm-test-template", test)));
  document.getElementById("fm-action-rows").replaceChildren(...state.actions.map((action) => fromTemplate("fm-action-template", action)));
  for (const input of root.querySelectorAll("[data-next]")) input.value = state.next[input.dataset.next] ?? "";
  refresh();
}

function fromTemplate(id, values = {}) {
  const row = document.getElementById(id).content.firstElementChild.cloneNode(true);
  for (const input of row.querySelectorAll("[data-field]")) input.value = values[input.dataset.field] ?? "";
  for (const select of row.querySelectorAll("[data-category]")) select.value = values.results?.[select.dataset.category] ?? "";
  return row;
}

function readRow(row, fields) {
  const values = Object.fromEntries(fields.map((field) => [field, row.querySelector(`[data-field=${field}]`).value.slice(0, LIMITS.line)]));
  const categories = row.querySelectorAll("[data-category]");
  if (categories.length) values.results = Object.fromEntries([...categories].map((select) => [select.dataset.category, select.value]));
  return values;
}

function readForm(target) {
  if (target.dataset.about) state.about[target.dataset.about] = target.value.slice(0, LIMITS.text);
  else if (target.dataset.trigger) {
    state.triggers = [...root.querySelectorAll("[data-trigger]")].filter((box) => box.checked).map((box) => Number(box.dataset.trigger));
  } else if (target.dataset.next) state.next[target.dataset.next] = target.value.slice(0, LIMITS.text);
  else if (target.closest("fieldset.fm-check")) {
    const box = target.closest("fieldset.fm-check");
    const chosen = box.querySelector("input[type=radio]:checked");
    const answer = { result: chosen ? chosen.value : "", wording: checkById.get(box.dataset.check).wording };
    for (const field of CHECK_FIELDS) answer[field] = box.querySelector(`[data-field=${field}]`).value.slice(0, LIMITS.text);
    if (!answer.date && answer.result) answer.date = new Date().toISOString().slice(0, 10); // checked today unless told
    box.querySelector("[data-field=date]").value = answer.date;
    box.querySelector(".fm-updated").hidden = true;
    state.checks[box.dataset.check] = answer;
  } else if (target.closest("fieldset.fm-rating")) {
    const box = target.closest("fieldset.fm-rating");
    const chosen = box.querySelector("input[type=radio]:checked");
    state.standards[box.dataset.standard] = { rating: chosen ? chosen.value : "", gaps: box.querySelector("[data-field=gaps]").value.slice(0, LIMITS.text) };
  } else if (target.closest(".fm-test-row")) {
    state.tests = [...root.querySelectorAll(".fm-test-row")].map((row) => readRow(row, TEST_FIELDS));
  } else if (target.closest(".fm-action-row")) {
    state.actions = [...root.querySelectorAll(".fm-action-row")].map((row) => readRow(row, ACTION_FIELDS));
  } else {
    return false;
  }
  return true;
}

// ---- Progress and the report for governors ----

function refresh() {
  const answered = checks.filter((check) => state.checks[check.id]?.result).length;
  document.getElementById("fm-progress").textContent = `${answered} of ${checks.length} checks answered.`;
  buildReport();
}

function element(name, text, className) {
  const node = document.createElement(name);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function table(caption, headings, body) {
  const node = element("table");
  node.append(element("caption", caption));
  const head = element("tr");
  for (const heading of headings) head.append(element("th", heading));
  node.append(head);
  for (const cells of body) {
    const row = element("tr");
    for (const cell of cells) row.append(element("td", cell));
    node.append(row);
  }
  return node;
}

function buildReport() {
  const about = state.about;
  const people = [["slt", "Senior leader"], ["dsl", "Safeguarding lead"], ["it", "IT support or provider"], ["governor", "Governor"]];
  const parts = [
    element("h2", `${content.title}: ${about.setting || "our setting"}`),
    element("p", [about.phase, about.sites && `Sites: ${about.sites}`, about.year && `Academic year ${about.year}`, `Review date ${about.date || "not recorded"}`].filter(Boolean).join(". ") + "."),
    element("p", `Who took part: ${people.filter(([key]) => about[key]).map(([key, label]) => `${label}: ${about[key]}`).join("; ") || "not recorded"}.`),
    element("p", `Why now: ${state.triggers.map((index) => content.triggers[index]).join("; ") || "not recorded"}${about.triggerNote ? `. ${about.triggerNote}` : ""}.`),
    element("h3", "The standards"),
    table(
      "Each standard: whether it is met, the evidence and the gaps",
      ["Standard", "Met?", "Checks", "Evidence", "Gaps"],
      content.standards.map((standard) => {
        const answers = standard.checks.map((check) => state.checks[check.id]).filter((answer) => answer?.result);
        const counts = Object.entries(RESULTS).map(([key, label]) => [label, answers.filter((a) => a.result === key).length]).filter(([, n]) => n);
        return [
          `${standard.number}. ${standard.title}`,
          RATINGS[state.standards[standard.id]?.rating] ?? "Not rated",
          `${answers.length} of ${standard.checks.length} answered${counts.length ? `: ${counts.map(([label, n]) => `${label} ${n}`).join(", ")}` : ""}`,
          answers.map((answer) => answer.evidence).filter(Boolean).join("; "),
          state.standards[standard.id]?.gaps ?? "",
        ];
      }),
    ),
  ];
  const open = checks.filter((check) => ["no", "partly"].includes(state.checks[check.id]?.result));
  parts.push(element("h3", "Checks answered no or partly"));
  parts.push(open.length ? list(open.map((check) => `${RESULTS[state.checks[check.id].result]}: ${check.question}${state.checks[check.id].note ? ` (${state.checks[check.id].note})` : ""}`)) : element("p", "None."));
  parts.push(element("h3", "Filtering tests"));
  parts.push(
    state.tests.length
      ? table("One row per device, site and user group", ["Device", "Site", "User group", ...content.testCategories.map((c) => c.label), "Date", "Run by", "Reference"],
          state.tests.map((t) => [t.device, t.site, t.group, ...content.testCategories.map((c) => TESTED[t.results[c.id]] ?? "Not tested"), t.date, t.who, t.certificate]))
      : element("p", "No tests recorded."),
  );
  parts.push(element("h3", "Actions"));
  const titles = Object.fromEntries(content.standards.map((s) => [s.id, `${s.number}. ${s.title}`]));
  parts.push(
    state.actions.length
      ? table("What needs doing, by whom and when", ["Action", "Standard", "Owner", "By when", "Cost"], state.actions.map((a) => [a.what, titles[a.standard] ?? "", a.owner, a.by, a.cost]))
      : element("p", "No actions recorded."),
  );
  parts.push(element("h3", "Changes since last year"), ...changes());
  parts.push(element("h3", "Next review"));
  parts.push(element("p", `Next review by ${state.next.date || "a date to agree"}. ${state.next.triggers ? `Sooner if: ${state.next.triggers}` : "Sooner if something changes."}`));
  parts.push(element("h3", "Sign-off"));
  for (const label of ["Senior leader", "Designated safeguarding lead", "Responsible governor, trustee or proprietor"]) {
    parts.push(element("p", `${label}: name ____________________ signature ____________________ date ____________`, "fm-sign"));
  }
  parts.push(element("h3", "What this review does not prove"), list(content.reportLimits));
  parts.push(element("p", `Checks from the ${content.editionName} of the ${content.title.toLowerCase()} on ${content.site}.`, "fm-edition"));
  document.getElementById("fm-report").replaceChildren(...parts);
}

function list(items) {
  const node = element("ul");
  node.append(...items.map((text) => element("li", text)));
  return node;
}

function changes() {
  const before = state.previous;
  if (!before) return [element("p", "No file from last year was opened to compare with.")];
  const lines = [];
  for (const standard of content.standards) {
    const was = before.ratings[standard.id] ?? "";
    const now = state.standards[standard.id]?.rating ?? "";
    if (was !== now) lines.push(`Standard ${standard.number}: ${RATINGS[was] ?? "not rated"} last time, ${RATINGS[now] ?? "not rated"} now.`);
  }
  for (const check of checks) {
    const was = before.results[check.id] ?? "";
    const now = state.checks[check.id]?.result ?? "";
    if (was !== now) lines.push(`${check.question} ${RESULTS[was] ?? "Not answered"} last time, ${RESULTS[now] ?? "not answered"} now.`);
  }
  const intro = element("p", `Compared with the review of ${before.date || "an unknown date"}${before.setting ? ` for ${before.setting}` : ""}.`);
  return [intro, lines.length ? list(lines) : element("p", "No rating or result has changed.")];
}

// ---- Files ----

async function openFile(file, previous) {
  if (file.size > window.PiesPrivateRecords.MAX_FILE_BYTES) {
    announce("That file is too large to be a filtering and monitoring review (the limit is 1 MB). Nothing has changed.");
    return;
  }
  const read = readImport(await file.text());
  if (!read.ok) {
    announce(`${read.error} Nothing has changed.`);
    return;
  }
  if (previous) {
    state.previous = summaryOf(read.state);
    refresh();
    save(`Last year's review (${state.previous.date || "undated"}) will be compared with this one in the report. Saved.`);
    return;
  }
  state = read.state;
  fillForm();
  save(`Review opened and saved in this browser.${read.ignored ? ` ${read.ignored} answer(s) to checks this page no longer asks were left out.` : ""}`);
}

function fileName() {
  const name = (state.about.setting || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${name || "school"}-filtering-monitoring-review-${new Date().toISOString().slice(0, 10)}.json`;
}

// ---- Events ----

root.addEventListener("input", (event) => {
  if (event.target.type === "file" || !readForm(event.target)) return;
  refresh();
  saveSoon();
});

root.addEventListener("change", (event) => {
  const target = event.target;
  if (target.type === "file" && target.files.length) {
    openFile(target.files[0], target.dataset.fmAction === "previous").finally(() => (target.value = ""));
  }
});

root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-fm-action]");
  if (!button) return;
  const action = button.dataset.fmAction;
  if (action === "add-test" || action === "add-action") {
    const [list, template] = action === "add-test" ? ["fm-test-rows", "fm-test-template"] : ["fm-action-rows", "fm-action-template"];
    const row = fromTemplate(template);
    document.getElementById(list).append(row);
    row.querySelector("input").focus();
    readForm(row.querySelector("input"));
    refresh();
    saveSoon();
  } else if (action === "remove-test" || action === "remove-action") {
    const row = button.closest("tr, li");
    const rest = row.parentElement;
    row.remove();
    readForm(rest.firstElementChild?.querySelector("input") ?? rest);
    if (!rest.children.length) state[action === "remove-test" ? "tests" : "actions"] = [];
    root.querySelector(`button[data-fm-action=${action.replace("remove", "add")}]`).focus();
    refresh();
    save("Removed. Saved.");
  } else if (action === "export") {
    download(fileName(), "application/json", JSON.stringify(exportDocument(), null, 2));
    announce("Your review was saved as a file. Open it here or on another device with Open a saved review.");
  } else if (action === "print") {
    window.print();
  } else if (action === "clear") {
    if (!window.confirm("Delete this review from this browser? This cannot be undone. Save it as a file first if you want a copy.")) return;
    store.remove();
    state = emptyState();
    fillForm();
    announce("Your review has been deleted from this browser.");
  }
});

root.classList.add("fm--ready");
fillForm();
})();
