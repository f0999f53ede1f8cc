// Self-review logic with no DOM: the saved state, its validation, scores, exports.
// The page script (review-page.js) wires it to the form; tests use it on its own through
// window.PiesReviewCore. A classic script, not a module: modules do not load from file://,
// and the offline edition must work there.
(function (root) {
"use strict";
// The file checks, storage and CSV shared with the filtering and monitoring review (private-records.js).
const { csvRows, csvCell, failure, isObject, MAX_FILE_BYTES: MAX_IMPORT_BYTES, optionalText, readRecordFile } = root.PiesPrivateRecords;

const FORMAT = "pies-self-review";
const VERSION = 1;
const FILE_KIND = { format: FORMAT, version: VERSION, noun: "review", source: "this self-review" };
const LIMITS = { name: 200, text: 5000, actionText: 500, actions: 50 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// The views of the review: "" every area, "governors" the questions for governors and trustees.
const MODES = ["", "governors"];

/** A review with nothing filled in. */
function emptyState() {
  return { setting: { name: "", type: "" }, mode: "", governors: {}, areas: {}, updated: null };
}

/** A governor's note on one question, creating an empty one if needed. */
function governorAnswer(state, key) {
  if (!state.governors[key]) state.governors[key] = { note: "", followUp: false };
  return state.governors[key];
}

/** True when a governor's note has no text and is not marked to follow up. */
function isBlankNote(note) {
  return !note.note && !note.followUp;
}

/** The questions for governors answered (with a note) and marked to follow up, out of all of them. */
function governorProgress(state, content) {
  const notes = content.governorQuestions.map((question) => state.governors[question.key]).filter(Boolean);
  return {
    total: content.governorQuestions.length,
    answered: notes.filter((note) => note.note).length,
    followUp: notes.filter((note) => note.followUp).length,
  };
}

/** The answer for one area, creating an empty one if needed. */
function areaAnswer(state, key) {
  if (!state.areas[key]) {
    state.areas[key] = { level: null, commentary: "", evidence: "", actions: [], wording: null, answered: null };
  }
  return state.areas[key];
}

/** True when an area has no level, text or actions (nothing worth saving). */
function isBlank(answer) {
  return !answer.level && !answer.commentary && !answer.evidence && answer.actions.length === 0;
}

/** Areas shown for a type of setting ("" = all areas). */
function visibleAreas(content, settingType) {
  return content.areas.filter((area) => !settingType || area.audiences.length === 0 || area.audiences.includes(settingType));
}

/** Reviewed areas, average level per objective and overall, for the areas in view. */
function scores(state, content, settingType = "") {
  const shown = visibleAreas(content, settingType);
  const perObjective = content.objectives.map((objective) => {
    const areas = shown.filter((area) => area.objective === objective.id);
    const levels = areas.map((area) => state.areas[area.key]?.level).filter((level) => Number.isInteger(level));
    return {
      id: objective.id,
      title: objective.title,
      total: areas.length,
      reviewed: levels.length,
      average: levels.length ? round(levels.reduce((sum, level) => sum + level, 0) / levels.length) : null,
    };
  });
  const all = shown.map((area) => state.areas[area.key]?.level).filter((level) => Number.isInteger(level));
  return {
    objectives: perObjective,
    reviewed: all.length,
    total: shown.length,
    average: all.length ? round(all.reduce((sum, level) => sum + level, 0) / all.length) : null,
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}

/** Keys of areas whose wording changed after the saved answer was given. */
function updatedAreas(state, content) {
  return content.areas
    .filter((area) => {
      const answer = state.areas[area.key];
      return answer && !isBlank(answer) && answer.wording && answer.wording !== area.wording;
    })
    .map((area) => area.key);
}

/**
 * Change notes of the areas whose guidance changed after their answer was last edited:
 * a Map of area key to [{date, note}], newest first. Answers saved before answers carried a
 * date fall back to the date the review was last saved (`state.updated`).
 */
function changesSince(state, content) {
  const found = new Map();
  const saved = typeof state.updated === "string" ? state.updated.slice(0, 10) : null;
  for (const area of content.areas) {
    const answer = state.areas[area.key];
    const since = answer && !isBlank(answer) ? answer.answered || saved : null;
    if (!since) continue;
    const notes = (area.changes || []).filter((change) => change.date > since);
    if (notes.length) found.set(area.key, notes);
  }
  return found;
}

/** The file a review is exported as: versioned, with the site and time it came from. */
function exportDocument(state, content, now = new Date()) {
  return {
    format: FORMAT,
    version: VERSION,
    exported: now.toISOString(),
    site: content.site,
    setting: { ...state.setting },
    mode: state.mode,
    governors: Object.fromEntries(
      Object.entries(state.governors)
        .filter(([, note]) => !isBlankNote(note))
        .map(([key, note]) => [key, { ...note }]),
    ),
    areas: Object.fromEntries(
      Object.entries(state.areas)
        .filter(([, answer]) => !isBlank(answer))
        .map(([key, answer]) => [key, { ...answer, actions: answer.actions.map((action) => ({ ...action })) }]),
    ),
  };
}

/**
 * Check an imported file's text and turn it into a state.
 * Returns {ok: true, state, ignored, ignoredQuestions} (keys of areas and questions this page no longer has)
 * or {ok: false, error} with a message for people.
 */
function readImport(text, content) {
  const read = readRecordFile(text, FILE_KIND);
  if (!read.ok) return read;
  const data = read.data;
  if (!isObject(data.setting) || !isObject(data.areas)) {
    return failure("The file is damaged: its setting or areas are missing.");
  }
  const state = emptyState();
  const setting = data.setting;
  if (!optionalText(setting.name, LIMITS.name) || !optionalText(setting.type, LIMITS.name)) {
    return failure("The file is damaged: the setting's name or type is not text, or is too long.");
  }
  state.setting.name = setting.name ?? "";
  state.setting.type = content.audiences.some((audience) => audience.id === setting.type) ? setting.type : "";
  if (!optionalText(data.mode, LIMITS.name)) return failure("The file is damaged: the view it was saved in is not text.");
  state.mode = MODES.includes(data.mode) ? data.mode : ""; // a view this page does not have: show every area
  const ignored = [];
  const ignoredQuestions = [];
  if (data.governors !== undefined && data.governors !== null) {
    if (!isObject(data.governors)) return failure("The file is damaged: the notes for governors are not a set of notes.");
    const questions = new Set(content.governorQuestions.map((question) => question.key));
    for (const [key, note] of Object.entries(data.governors)) {
      if (!questions.has(key)) {
        ignoredQuestions.push(key);
        continue;
      }
      if (!isObject(note) || !optionalText(note.note, LIMITS.text) || !(note.followUp === undefined || typeof note.followUp === "boolean")) {
        return failure(`The file is damaged: the note on question "${key.slice(0, 80)}" is not text, or is too long.`);
      }
      state.governors[key] = { note: note.note ?? "", followUp: note.followUp ?? false };
    }
  }
  const known = new Set(content.areas.map((area) => area.key));
  for (const [key, answer] of Object.entries(data.areas)) {
    if (!known.has(key)) {
      ignored.push(key);
      continue;
    }
    const problem = answerProblem(answer);
    if (problem) return failure(`The file is damaged: area "${key.slice(0, 80)}" ${problem}.`);
    state.areas[key] = {
      level: answer.level ?? null,
      commentary: answer.commentary ?? "",
      evidence: answer.evidence ?? "",
      actions: (answer.actions ?? []).map((action) => ({ what: action.what ?? "", who: action.who ?? "", by: action.by ?? "" })),
      wording: answer.wording ?? null,
      answered: answer.answered ?? null,
    };
  }
  return { ok: true, state, ignored, ignoredQuestions };
}

function answerProblem(answer) {
  if (!isObject(answer)) return "is not a set of answers";
  if (answer.level !== undefined && answer.level !== null && !(Number.isInteger(answer.level) && answer.level >= 1 && answer.level <= 4)) {
    return "has a level that is not 1, 2, 3 or 4";
  }
  if (!optionalText(answer.commentary, LIMITS.text) || !optionalText(answer.evidence, LIMITS.text)) {
    return "has commentary or evidence that is not text, or is too long";
  }
  if (!optionalText(answer.wording, 64)) return "has a damaged wording stamp";
  if (answer.answered !== undefined && answer.answered !== null && !(typeof answer.answered === "string" && DATE.test(answer.answered))) {
    return "has an answer date that is not written YYYY-MM-DD";
  }
  if (answer.actions !== undefined) {
    if (!Array.isArray(answer.actions) || answer.actions.length > LIMITS.actions) return `has more than ${LIMITS.actions} actions, or actions that are not a list`;
    for (const action of answer.actions) {
      if (!isObject(action) || !optionalText(action.what, LIMITS.actionText) || !optionalText(action.who, LIMITS.actionText)) {
        return "has an action that is not text, or is too long";
      }
      if (action.by !== undefined && action.by !== "" && !(typeof action.by === "string" && DATE.test(action.by))) {
        return "has an action date that is not written YYYY-MM-DD";
      }
    }
  }
  return null;
}

/** The action plan as CSV: one row per action, with objective, area and level. */
function actionPlanCsv(state, content, settingType = "") {
  const rows = [["Objective", "Area", "Level", "Action", "Who", "By when"]];
  for (const area of visibleAreas(content, settingType)) {
    const answer = state.areas[area.key];
    if (!answer) continue;
    const level = answer.level ? `${answer.level}. ${content.levels[answer.level - 1]}` : "";
    for (const action of answer.actions) {
      if (action.what || action.who || action.by) {
        rows.push([area.objectiveTitle, area.title, level, action.what, action.who, action.by]);
      }
    }
  }
  return csvRows(rows);
}

/** The questions for governors as CSV: whom to ask, the question, what you were told and whether to follow it up. */
function governorCsv(state, content) {
  const rows = [["Ask", "Question", "What you were told", "Follow up"]];
  const groups = new Map(content.governorGroups.map((group) => [group.id, group.title]));
  for (const question of content.governorQuestions) {
    const note = state.governors[question.key] ?? { note: "", followUp: false };
    rows.push([groups.get(question.ask), question.question, note.note, note.followUp ? "Yes" : ""]);
  }
  return csvRows(rows);
}

root.PiesReviewCore = Object.freeze({
  FORMAT, VERSION, MAX_IMPORT_BYTES, LIMITS, MODES, emptyState, areaAnswer, isBlank, governorAnswer, isBlankNote, governorProgress,
  visibleAreas, scores, updatedAreas, changesSince, exportDocument, readImport, actionPlanCsv, governorCsv, csvCell,
});
})(typeof window !== "undefined" ? window : globalThis);
