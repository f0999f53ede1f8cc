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
    var count = 0;
    groups.forEach(function (others, group) {
      others.forEach(function (element) {
        element.hidden = true;
        element.setAttribute("data-portal-nation-hidden", "");
      });
      var names = [];
      others.forEach(function (element) {
        element.getAttribute("data-nations").split(" ").forEach(function (name) {
          if (names.indexOf(NAMES[name]) === -1 && name !== nation) {
            names.push(NAMES[name]);
          }
        });
      });
      count += 1;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "portal-nation-others";
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Other nations: " + names.join(", ");
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        others.forEach(function (element) {
          element.hidden = !open;
        });
      });
      group.appendChild(button);
    });
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
