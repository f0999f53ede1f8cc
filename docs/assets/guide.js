/* An incident guide, one step at a time. Without this script the page is the whole guide, each answer
   a link to the next step. With it, only the current step shows; the URL fragment keeps the place, so
   the browser's Back button and a shared link work; focus moves to each new step and the change is
   announced. The answers live in this page's memory only: nothing is stored on the device or sent,
   and a record can be printed or downloaded from an outcome. */
(function () {
  "use strict";

  var guide, steps, start, status;
  var longestId = 0;
  var path = []; /* {step, question, answer} for each answer given since the page opened */
  var partWay = false; /* opened at a later step: earlier answers are unknown */
  var current = null;
  var chosen = null; /* the answer link just activated, so two answers to one step stay distinct */

  function template(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  /* Text as the reader sees it: without heading anchors, folded nations' text or their buttons, or an
     abbreviation's expansion that happens to be open (and its "?" button). */
  function visibleText(element) {
    var copy = element.cloneNode(true);
    var extras = ".headerlink, [hidden], .portal-nation-others, .portal-elsewhere, .portal-abbr__tip, .portal-abbr--after";
    copy.querySelectorAll(extras).forEach(function (node) {
      node.remove();
    });
    copy.querySelectorAll("a[href^='http']").forEach(function (link) {
      if (link.textContent.trim() !== link.href) {
        link.textContent = link.textContent + " (" + link.href + ")";
      }
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function heading(step) {
    return step.querySelector(":scope > h2");
  }

  /* The step an address names, else the first question. Anyone can craft a link, so the fragment may be
     anything: malformed percent-encoding (which decodeURIComponent throws on), any length, any characters,
     a name that is no step here. None of it may stop the guide: the reader gets the first question. */
  function stepFromHash(address) {
    var at = String(address).indexOf("#");
    var fragment = at === -1 ? "" : String(address).slice(at + 1);
    var id;
    if (fragment.length > longestId * 3) {
      return start; /* longer than any step id, even with every character percent-encoded */
    }
    try {
      id = decodeURIComponent(fragment);
    } catch (malformed) {
      id = fragment;
    }
    return Object.prototype.hasOwnProperty.call(steps, id) ? id : start;
  }

  function answerLeading(fromId, toId) {
    var links = steps[fromId].querySelectorAll("a.portal-guide-answer");
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].getAttribute("href") === "#" + toId) {
        return links[i];
      }
    }
    return null;
  }

  /* Work out how the reader reached `id`: an answer, Back (in the browser or ours) or a jump. */
  function follow(id) {
    var earlier = path.map(function (entry) { return entry.step; }).indexOf(id);
    var link = current && current !== id ? (chosen && chosen.getAttribute("href") === "#" + id ? chosen : answerLeading(current, id)) : null;
    if (earlier !== -1) {
      path = path.slice(0, earlier);
      return "back";
    }
    if (link) {
      path.push({ step: current, question: visibleText(heading(steps[current])), answer: link.textContent.trim() });
      return "answer";
    }
    if (id === start) {
      path = [];
      partWay = false;
      return "restart";
    }
    path = [];
    partWay = true;
    return "jump";
  }

  function renderTrail(step) {
    var trail = template("portal-guide-trail");
    var list = trail.querySelector("[data-guide-answers]");
    path.forEach(function (entry) {
      var item = document.createElement("li");
      var question = document.createElement("span");
      question.textContent = entry.question + " ";
      var answer = document.createElement("strong");
      answer.textContent = entry.answer;
      item.appendChild(question);
      item.appendChild(answer);
      list.appendChild(item);
    });
    trail.querySelector("[data-guide-count]").textContent = String(path.length);
    trail.querySelector("[data-guide-trail-list]").hidden = path.length === 0;
    trail.querySelector("[data-guide-part-way]").hidden = !partWay;
    if (path.length || partWay) {
      step.insertBefore(trail, step.firstChild);
    }
  }

  function renderControls(step, id) {
    if (id === start && !partWay) {
      return;
    }
    var controls = template("portal-guide-controls");
    var back = controls.querySelector("[data-guide-back]");
    if (path.length) {
      back.addEventListener("click", function () { window.history.back(); });
    } else {
      back.remove();
    }
    controls.querySelector("[data-guide-restart]").addEventListener("click", restart);
    step.appendChild(controls);
  }

  function restart() {
    if (path.length && path[0].step === start && !partWay) {
      window.history.go(-path.length);
    } else {
      window.location.hash = "#" + start;
    }
  }

  function show(id, how) {
    guide.querySelectorAll("[data-guide-added]").forEach(function (node) { node.remove(); });
    removePrintCopy();
    Object.keys(steps).forEach(function (key) { steps[key].hidden = key !== id; });
    current = id;
    chosen = null;
    var step = steps[id];
    var outcome = step.classList.contains("portal-guide-step--outcome");
    renderTrail(step);
    if (outcome) {
      var tools = template("portal-guide-record-tools");
      tools.querySelector("[data-guide-print]").addEventListener("click", printRecord);
      tools.querySelectorAll("[data-guide-download]").forEach(function (button) {
        button.addEventListener("click", function () { download(button.getAttribute("data-guide-download")); });
      });
      step.appendChild(tools);
    }
    renderControls(step, id);
    Array.prototype.forEach.call(step.children, function (child) {
      if (child.matches(".portal-guide-trail, .portal-guide-controls, .portal-guide-record-tools")) {
        child.setAttribute("data-guide-added", "");
      }
    });
    if (how === "load") {
      return;
    }
    var title = heading(step);
    title.setAttribute("tabindex", "-1");
    /* Scroll to the guide's title, so the reader sees which guide this is and the answers given so far above
       the new step (the title is short: the step starts on the same screen). */
    title.focus({ preventScroll: true });
    (document.querySelector(".md-content h1") || step).scrollIntoView({ block: "start" });
    var said = {
      answer: "You answered " + (path.length ? path[path.length - 1].answer : "") + ". ",
      back: "Back one step. ",
      restart: "Started again. ",
      jump: ""
    }[how];
    status.textContent = said + (outcome ? "What to do: " : "Question: ") + visibleText(title);
  }

  /* ---- The incident record ---- */

  function fill(record, name, text) {
    record.querySelectorAll("[data-record='" + name + "']").forEach(function (slot) { slot.textContent = text; });
  }

  function buildRecord() {
    var step = steps[current];
    var record = template("portal-guide-record");
    var made = new Date();
    fill(record, "title", guide.getAttribute("data-title"));
    fill(record, "made", made.toLocaleString("en-GB", { dateStyle: "full", timeStyle: "short" }));
    fill(record, "version", guide.getAttribute("data-version"));
    fill(record, "reviewed", guide.getAttribute("data-reviewed"));
    fill(record, "next-review", guide.getAttribute("data-next-review"));
    fill(record, "address", window.location.origin + window.location.pathname);
    fill(record, "outcome", visibleText(heading(step)));
    /* The reader's nation, as the nation choice set it: the record lists that nation's routes only. */
    var nation = document.querySelector("#portal-nation-select");
    var chosenNation = document.documentElement.getAttribute("data-portal-nation");
    fill(record, "nation", nation && chosenNation && chosenNation !== "all" ?
      nation.options[nation.selectedIndex].textContent : "every UK nation");
    var answers = record.querySelector("[data-record='answers']");
    path.forEach(function (entry) {
      var row = document.createElement("tr");
      [entry.question, entry.answer].forEach(function (text) {
        var cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      answers.appendChild(row);
    });
    record.querySelector("[data-record='part-way']").hidden = !partWay;
    var actions = record.querySelector("[data-record='actions']");
    step.querySelectorAll(":scope > ol > li").forEach(function (item, index) {
      var entry = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      label.appendChild(box);
      label.appendChild(document.createTextNode((index + 1) + ". " + visibleText(item)));
      entry.appendChild(label);
      actions.appendChild(entry);
    });
    /* The contacts the reader's nation sees: name (nations), then how to reach it and when to use it. */
    var contacts = record.querySelector("[data-record='contacts']");
    step.querySelectorAll(".portal-guide-contacts .portal-contact:not([hidden])").forEach(function (block) {
      var entry = document.createElement("li");
      var name = block.querySelector(".portal-contact__name a");
      var where = block.querySelector(".portal-where");
      var details = Array.prototype.map.call(
        block.querySelectorAll(".portal-contact__reach, .portal-contact__use"), visibleText);
      entry.textContent = visibleText(name) + (where ? " (" + where.textContent.trim() + ")" : "") +
        (details.length ? ": " + details.join("; ") : "");
      contacts.appendChild(entry);
    });
    return record;
  }

  /* The printed record replaces the whole page on paper; on screen it is never shown. It stays until
     the step changes, so printing again from the browser's menu gives the same record. */
  function printRecord() {
    removePrintCopy();
    var holder = document.createElement("div");
    holder.className = "portal-guide-record-print";
    holder.appendChild(buildRecord());
    document.body.appendChild(holder);
    status.textContent = "The record is ready. In the print window, choose a printer, or Save as PDF to keep a file.";
    window.print();
  }

  function removePrintCopy() {
    document.querySelectorAll(".portal-guide-record-print").forEach(function (node) { node.remove(); });
  }

  function recordText(record) {
    var lines = [];
    Array.prototype.forEach.call(record.children, function (node) {
      if (node.hidden || node.tagName === "STYLE") {
        return;
      }
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (node.tagName === "H2" || node.tagName === "H3") {
        lines.push("", text.toUpperCase());
      } else if (node.tagName === "TABLE") {
        node.querySelectorAll("tbody tr").forEach(function (row) {
          lines.push("- " + row.cells[0].textContent + " " + row.cells[1].textContent);
        });
      } else if (node.tagName === "UL") {
        var box = node.getAttribute("data-record") === "actions" ? "[ ] " : "- ";
        node.querySelectorAll("li").forEach(function (item) {
          lines.push(box + item.textContent.replace(/\s+/g, " ").trim());
        });
      } else if (node.tagName === "DL") {
        node.querySelectorAll("dt").forEach(function (term) {
          lines.push(term.textContent + ":");
          term.parentElement.querySelectorAll("dd").forEach(function () { lines.push("_".repeat(60)); });
          lines.push("");
        });
      } else {
        lines.push(text);
      }
    });
    return lines.join("\n").trim() + "\n";
  }

  function download(kind) {
    var record = buildRecord();
    var stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, "-");
    var name = "incident-record-" + guide.getAttribute("data-guide") + "-" + stamp;
    var body;
    if (kind === "text") {
      body = new Blob([recordText(record)], { type: "text/plain;charset=utf-8" });
      name += ".txt";
    } else {
      var title = document.createElement("title");
      title.textContent = "Incident record: " + guide.getAttribute("data-title");
      body = new Blob(["<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" + title.outerHTML +
        "\n</head>\n<body>\n" + record.outerHTML + "\n</body>\n</html>\n"], { type: "text/html;charset=utf-8" });
      name += ".html";
    }
    /* A blob: address is made in this page's memory and released at once: nothing goes to a server. */
    var address = URL.createObjectURL(body);
    var link = document.createElement("a");
    link.href = address;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(address); }, 0);
    status.textContent = "The record was downloaded as " + name + ".";
  }

  function begin() {
    guide = document.querySelector(".portal-guide[data-guide]");
    status = document.querySelector("[data-portal-guide-status]");
    if (!guide || !status || !document.getElementById("portal-guide-record")) {
      return;
    }
    steps = {};
    guide.querySelectorAll("section[data-step]").forEach(function (step) {
      steps[step.getAttribute("data-step")] = step;
      longestId = Math.max(longestId, step.getAttribute("data-step").length);
    });
    start = guide.getAttribute("data-start");
    guide.classList.add("portal-guide--one-step");
    guide.addEventListener("click", function (event) {
      var link = event.target.closest("a.portal-guide-answer");
      if (link) {
        chosen = link;
      }
    });
    var first = stepFromHash(window.location.href);
    partWay = first !== start;
    show(first, "load");
    /* The address the browser moved to, not location.hash: the theme may rewrite the address meanwhile. */
    window.addEventListener("hashchange", function (event) {
      var id = stepFromHash(event.newURL);
      if (id !== current) {
        show(id, follow(id));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", begin);
  } else {
    begin();
  }
})();
