/* Abbreviations a keyboard or a finger can reach, not only a mouse. The Markdown extension
   (portal/abbreviations.py) wraps every abbreviation in <abbr title="...">, whose title only shows on
   hover. Here the first use of each abbreviation becomes a toggletip: a button in the tab order that
   shows the expansion after it when pressed (click, tap, Enter or Space) and hides it when pressed
   again or on Escape. The words go into a live region, so screen readers read them out. A first use
   already spelled out ("Internet Watch Foundation (IWF)") is left as it is. Later uses stay plain
   <abbr title>: one stop per abbreviation keeps the tab order short. Parts of a page that can show on
   their own (a guide's steps, <details>, one nation's lines) explain their abbreviations again.
   Without this script the title attribute still gives the expansion. */
(function () {
  "use strict";

  /* Parts that can be on screen while the rest of the page is hidden or folded away. */
  var PARTS = "details, [data-step], [data-nations]";
  /* A button may not sit inside these: the toggletip follows them instead. */
  var CONTROLS = "a, button, summary, label, select, textarea, [role='button']";
  /* The paragraph (or the like) whose text before an abbreviation may already spell it out. */
  var BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, figcaption, blockquote, summary, div, section";
  var count = 0;

  function normal(text) {
    return text.replace(/\s+/g, " ").trim().toLowerCase();
  }

  /* True when the same paragraph already gave the expansion: "Internet Watch Foundation (IWF)", "hub, or MASH". */
  function spelledOut(abbr, expansion) {
    var block = abbr.parentElement.closest(BLOCKS);
    if (!block) {
      return false;
    }
    var range = document.createRange();
    range.setStart(block, 0);
    range.setEndBefore(abbr);
    return normal(range.toString()).indexOf(normal(expansion)) !== -1;
  }

  function setOpen(button, open) {
    var tip = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    /* Empty while closed, so copies of the page's text (a guide's record) hold no stray words; filled
       when opened, so that the live region, already on the page, reads the new words out. */
    tip.textContent = open ? button.getAttribute("data-expansion") : "";
  }

  function toggletip(abbr, text, expansion) {
    count += 1;
    var button = document.createElement("button");
    var tip = document.createElement("span");
    button.type = "button";
    button.className = "portal-abbr";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "portal-abbr-" + count);
    button.setAttribute("data-expansion", expansion);
    tip.id = "portal-abbr-" + count;
    tip.className = "portal-abbr__tip";
    /* A polite live region (not role=status: that names the page's one status message, such as the guide's). */
    tip.setAttribute("aria-live", "polite");
    var control = abbr.parentElement.closest(CONTROLS);
    if (control) {
      /* Inside a link: a small button of its own follows the link, named for the abbreviation. */
      button.className += " portal-abbr--after";
      button.setAttribute("aria-label", "What " + text + " stands for");
      control.after(button, tip);
    } else {
      abbr.before(button);
      button.appendChild(abbr);
      button.after(tip);
    }
    button.addEventListener("click", function () {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll(".portal-abbr[aria-expanded='true']").forEach(function (button) {
        setOpen(button, false);
      });
    }
  });

  var explained = {}; /* abbreviation -> the parts of the page in which it is already explained */
  document.querySelectorAll("abbr[title]").forEach(function (abbr) {
    var text = abbr.textContent.trim();
    var expansion = abbr.getAttribute("title").trim();
    if (!text || !expansion || normal(text) === normal(expansion)) {
      return;
    }
    var parts = explained[text] || (explained[text] = []);
    if (parts.some(function (part) { return part.contains(abbr); })) {
      return;
    }
    parts.push(abbr.parentElement.closest(PARTS) || document.body);
    if (!spelledOut(abbr, expansion)) {
      toggletip(abbr, text, expansion);
    }
  });
})();
