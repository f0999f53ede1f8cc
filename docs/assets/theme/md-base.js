// Material for MkDocs' storage helpers, moved from an inline script so the Content Security Policy
// can forbid inline scripts. The scope comes from the script tag's data-scope attribute.
/* eslint-disable no-var */
var __md_scope = new URL(document.currentScript.dataset.scope, location);
var __md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
var __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
var __md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
