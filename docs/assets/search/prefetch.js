/* The first search, sooner. The site's search worker fetches the index on the first query rather than on
   every page load (portal/publish/search_index.py), so someone who opens search waits for it while typing.
   This fetches it into the browser's cache the moment search is opened, for the worker to find there: on a
   phone's connection the download then overlaps the typing. Once per page; nothing where the index is part
   of the settings (the offline edition, other languages, an engine without the portal plugin). */
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("__config")?.textContent || "null");
  const input = document.querySelector("input.md-search__input");
  const toggle = document.getElementById("__search");
  if (!config || !config.search || !input || location.protocol === "file:") return;
  let started = false;
  const warm = async () => {
    if (started) return;
    started = true;
    try {
      const settings = await (await fetch(new URL("search/search_index.json", new URL(config.base, location.href)))).json();
      const address = settings.config && settings.config.full_index;
      /* Relative to the worker, which fetches it from there. Read whole, so that the cache keeps all of it. */
      if (typeof address === "string")
        await (await fetch(new URL(address, new URL(config.search, location.href)))).arrayBuffer();
    } catch (error) {
      started = false; /* opening search again tries again; the worker fetches it on the first query anyway */
    }
  };
  input.addEventListener("focus", warm);
  if (toggle) toggle.addEventListener("change", () => toggle.checked && warm());
})();
