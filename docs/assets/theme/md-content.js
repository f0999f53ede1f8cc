// Material for MkDocs' tab restore for a linked anchor, moved from an inline script (see md-base.js).
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
