/* The reader's nation: show that nation's guidance and routes, fold the others behind one button.
   Kept in localStorage only (no cookie, nothing sent). Without this script every nation is shown. */
(function () {
  "use strict";

  var KEY = "portal-nation";
  var NAMES = {
    england: "England",
    wales: "Wales",
    scotland: "Scotland",
    "northern-ireland": "Northern Ireland",
    all: "All UK nations"
  };

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return Object.prototype.hasOwnProperty.call(NAMES, value) ? value : null;
    } catch (error) {
      return null; /* storage blocked: the choice lasts for this page only */
    }
  }

  function remember(value) {
    try {
      window.localStorage.setItem(KEY, value);
    } catch (error) {
      /* storage blocked: nothing to do */
    }
  }

  function matches(element, nation) {
    return nation === "all" || element.getAttribute("data-nations").split(" ").indexOf(nation) !== -1;
  }

  /* Undo an earlier choice: show everything and remove the buttons it added. */
  function reset(root) {
    root.querySelectorAll("[data-portal-nation-hidden]").forEach(function (element) {
      element.hidden = false;
      element.removeAttribute("data-portal-nation-hidden");
    });
    root.querySelectorAll(".portal-nation-others").forEach(function (button) {
      button.remove();
    });
  }

  function groupOf(element) {
    return element.closest("[data-nation-group]") || element.parentElement;
  }

  /* What a group is about, so that each "Other nations" button has its own name (WCAG 2.4.6): the
     group's data-nation-topic, else the nearest heading before it, with the step's number in a list. */
  function headingBefore(group, headings) {
    var heading = null;
    headings.forEach(function (candidate) {
      if (candidate.compareDocumentPosition(group) & Node.DOCUMENT_POSITION_FOLLOWING) {
        heading = candidate;
      }
    });
    return heading ? heading.textContent.replace(/\u00b6/g, "").trim() : document.title;
  }

  function topicOf(group, headings) {
    var topic = group.getAttribute("data-nation-topic");
    if (topic) {
      return topic;
    }
    var words = headingBefore(group, headings);
    if (group.tagName === "LI" && group.parentElement) {
      words += ", step " + (Array.prototype.indexOf.call(group.parentElement.children, group) + 1);
    }
    return words;
  }

  /* The same card can appear under two headings (a contact in two outcomes of a guide): name the heading too. */
  function distinguish(buttons, headings) {
    var seen = {};
    buttons.forEach(function (button) {
      seen[button.textContent] = (seen[button.textContent] || 0) + 1;
    });
    buttons.forEach(function (button) {
      if (seen[button.textContent] > 1) {
        var topic = button.querySelector(".portal-visually-hidden");
        topic.textContent = topic.textContent.replace(/\)$/, ", " + headingBefore(button, headings) + ")");
      }
    });
  }

  function fold(root, nation) {
    var groups = new Map();
    root.querySelectorAll("[data-nations]").forEach(function (element) {
      if (matches(element, nation)) {
        return;
      }
      var group = groupOf(element);
      if (!groups.has(group)) {
        groups.set(group, []);
      }
      groups.get(group).push(element);
    });
    var headings = Array.prototype.slice.call(root.querySelectorAll("h1, h2, h3"));
    var count = 0;
    var buttons = [];
    groups.forEach(function (others, group) {
      others.forEach(function (element) {
        element.hidden = true;
        element.setAttribute("data-portal-nation-hidden", "");
      });
      var folded = {};
      others.forEach(function (element) {
        element.getAttribute("data-nations").split(" ").forEach(function (name) {
          folded[name] = true;
        });
      });
      var names = Object.keys(NAMES).filter(function (name) {
        return folded[name] && name !== nation;
      }).map(function (name) {
        return NAMES[name];
      });
      count += 1;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "portal-nation-others";
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Other nations: " + names.join(", ");
      var topic = document.createElement("span");
      topic.className = "portal-visually-hidden";
      topic.textContent = " (" + topicOf(group, headings) + ")";
      button.appendChild(topic);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        others.forEach(function (element) {
          element.hidden = !open;
        });
      });
      group.appendChild(button);
      buttons.push(button);
    });
    distinguish(buttons, headings);
    return count;
  }

  function apply(nation, announce) {
    var root = document.querySelector(".md-content") || document.body;
    reset(root);
    document.documentElement.setAttribute("data-portal-nation", nation);
    var folded = nation === "all" ? 0 : fold(root, nation);
    var print = document.querySelector("[data-portal-nation-print]");
    if (print) {
      print.hidden = nation === "all";
      print.textContent = nation === "all" ? "" :
        "Printed for " + NAMES[nation] + ": guidance for other UK nations is left out.";
    }
    var status = document.querySelector("[data-portal-nation-status]");
    if (status && announce) {
      status.textContent = nation === "all" ?
        "Showing guidance for all UK nations." :
        "Showing guidance for " + NAMES[nation] + "." +
          (folded ? " Other nations are behind the 'Other nations' buttons." : "");
    }
  }

  function start() {
    var choice = document.querySelector("[data-portal-nation-choice]");
    if (!choice) {
      return;
    }
    var select = choice.querySelector("select");
    var fallback = choice.getAttribute("data-default");
    var nation = stored() || (Object.prototype.hasOwnProperty.call(NAMES, fallback) ? fallback : "all");
    select.value = nation;
    choice.hidden = false;
    apply(nation, false);
    select.addEventListener("change", function () {
      remember(select.value);
      apply(select.value, true);
    });
    /* Another tab changed the choice: follow it. */
    window.addEventListener("storage", function (event) {
      if (event.key === KEY && stored()) {
        select.value = stored();
        apply(select.value, false);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
