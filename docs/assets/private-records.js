// What the site's private forms (the self-review, the filtering and monitoring review) share: a record kept
// in this browser's storage only, saved to a file and opened from one, with files that are too big, not
// JSON or of another kind refused before any of their content is read. No DOM beyond a download link and
// a status line. A classic script, not a module, so that it also runs from file:// in the offline edition.
(function (root) {
"use strict";

const MAX_FILE_BYTES = 1_000_000;

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for absent values and for text no longer than `limit`. */
function optionalText(value, limit) {
  return value === undefined || value === null || (typeof value === "string" && value.length <= limit);
}

function failure(error) {
  return { ok: false, error };
}

/**
 * A saved file's text as the JSON document of one kind: {ok: true, data} or {ok: false, error} with a
 * message for people. `kind` names the format and version it must have, the `noun` a file of it is
 * called and the `source` page that writes it.
 */
function readRecordFile(text, kind) {
  if (typeof text !== "string") return failure("The file could not be read.");
  if (new TextEncoder().encode(text).length > MAX_FILE_BYTES) {
    return failure(`The file is too large to be a ${kind.noun} (the limit is ${MAX_FILE_BYTES / 1_000_000} MB).`);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return failure(`The file is not a ${kind.noun} export: it is not valid JSON.`);
  }
  if (!isObject(data) || data.format !== kind.format) {
    return failure(`The file is not a ${kind.noun} exported from ${kind.source}.`);
  }
  if (data.version !== kind.version) {
    return failure(`The file is a version ${String(data.version).slice(0, 20)} ${kind.noun}; this page reads version ${kind.version}.`);
  }
  return { ok: true, data };
}

/** Storage under one key that never throws: null, false or nothing when the browser refuses it. */
function browserStore(key) {
  return {
    load() {
      try {
        return localStorage.getItem(key);
      } catch {
        return null; // storage switched off: start afresh, never break the page
      }
    },
    save(text) {
      try {
        localStorage.setItem(key, text);
        return true;
      } catch {
        return false;
      }
    },
    remove() {
      try {
        localStorage.removeItem(key);
      } catch {
        // nothing was stored
      }
    },
  };
}

/** Offer text as a file to download, made in the browser: nothing is sent anywhere. */
function download(name, type, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Say `text` in a status line (role=status), so that screen readers announce it, repeats included. */
function announce(status, text) {
  status.textContent = "";
  setTimeout(() => (status.textContent = text), 50);
}

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value) {
  let text = String(value ?? "");
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text. */
function csvRows(rows) {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

root.PiesPrivateRecords = Object.freeze({
  MAX_FILE_BYTES, isObject, optionalText, failure, readRecordFile, browserStore, download, announce, csvCell, csvRows,
});
})(typeof window !== "undefined" ? window : globalThis);
