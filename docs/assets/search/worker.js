/* The site's search worker. Material for MkDocs' page talks to it as to Material's own worker (the same
   messages: set up, ready, query, result), and it searches as that worker does: the same query rules,
   lunr ranking, boosts, grouping and highlighting. What differs is where the index comes from: the build
   counts every entry's terms (portal/publish/search_index.py) and puts them in search_index.json, and
   this worker makes lunr's index from them with lunr's own formulas, instead of reading and indexing all
   the text after every page load. Without those counts, or with counts for other entries, it indexes the
   text itself, as Material does. The positions Material keeps for highlighting are found when a result
   is shown, for that result only.

   Runs as a worker, or from file:// inside Material's iframe-worker shim (the offline edition).
   Loads lunr 2.3.9 (lunr-2.3.9.min.js beside this file: lunr.min.js from `npm pack lunr@2.3.9`,
   unchanged, sha256 0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8), under its licence:

   Copyright (C) 2013 by Oliver Nightingale

   Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
   associated documentation files (the "Software"), to deal in the Software without restriction,
   including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
   and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
   subject to the following conditions:

   The above copyright notice and this permission notice shall be included in all copies or substantial
   portions of the Software.

   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
   LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
   NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
   WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
   SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

   The query, ranking, tokenizing and highlighting code is ported from Material for MkDocs 9.8
   (src/templates/assets/javascripts/integrations/search/), under its licence:

   Copyright (c) 2016-2025 Martin Donath <martin.donath@squidfunk.com>

   Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
   associated documentation files (the "Software"), to deal in the Software without restriction,
   including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
   and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
   subject to the following conditions:

   The above copyright notice and this permission notice shall be included in all copies or substantial
   portions of the Software.

   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
   LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NON-INFRINGEMENT. IN
   NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
   WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
   SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE. */
"use strict";

/* global lunr */

/* Material's message types (SearchMessageType). */
const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

const PREBUILT_KEY = "prebuilt_index"; /* where the build puts the counts, in the index's config */
/* Where the build puts the address of the whole index (relative to this script) when the index Material's
   page fetches on every page load holds only the settings: the worker fetches the rest on the first query. */
const FULL_INDEX_KEY = "full_index";
const PIPELINE = ["trimmer", "stopWordFilter", "stemmer"]; /* lunr's order */
const NO_METADATA = Object.freeze({}); /* a posting's metadata: positions are found when shown */

/* Under the shim this runs in a hidden iframe whose relative addresses are the page's, so the address of
   this script is the first script's (Material's worker finds its own the same way). */
const inIframe = typeof parent !== "undefined" && "IFrameWorker" in parent;
const here = inIframe ? document.querySelector("script[src]").src : self.location.href;
/* importScripts returns nothing in a worker and a promise under the shim. */
const lunrLoaded = Promise.resolve(importScripts(new URL("lunr-2.3.9.min.js", here).href));

/* ---- Text: Material's extract, split and tokenize ---- */

const TAG_OPEN = 0;
const TEXT = 1;
const TAG_CLOSE = 2;

/* Split a string into markup and text sections, calling fn(block, type, start, end) for each. */
function extract(input, fn) {
  let block = 0;
  let start = 0;
  let end = 0;
  for (let stack = 0; end < input.length; end++) {
    if (input.charAt(end) === "<" && end > start) {
      fn(block, TEXT, start, (start = end));
    } else if (input.charAt(end) === ">") {
      if (input.charAt(start + 1) === "/") {
        if (--stack === 0) fn(block++, TAG_CLOSE, start, end + 1);
      } else if (input.charAt(end - 1) !== "/") {
        if (stack++ === 0) fn(block, TAG_OPEN, start, end + 1);
      }
      start = end + 1;
    }
  }
  if (end > start) fn(block, TEXT, start, end);
}

/* Call fn(start, end) for each non-empty run of input between matches of separator. */
function split(input, separator, fn) {
  separator = new RegExp(separator, "g");
  let match;
  let index = 0;
  do {
    match = separator.exec(input);
    const until = match ? match.index : input.length;
    if (index < until) fn(index, until);
    if (match) {
      const [term] = match;
      index = match.index + term.length;
      if (term.length === 0) separator.lastIndex = match.index + 1; /* zero-length lookaheads */
    }
  } while (match);
}

/* Material's tokenize, made faster (one regular expression for all text, no token objects): calls
   fn(term, position) for each token of a field (a string or a list of strings), and records in `table`
   where each token and tag is, in Material's compact layout, which highlight reads back. `separator` is
   the configured one with the g flag. */
function scan(input, table, separator, fn) {
  if (typeof input === "undefined") return;
  const inputs = Array.isArray(input) ? input : [input];
  for (const text of inputs) {
    const total = table.length;
    extract(text, (block, type, start, end) => {
      const row = (table[(block += total)] ||= []);
      if (type !== TEXT) {
        row.push((start << 12) | ((end - start) << 2) | type);
        return;
      }
      const section = text.slice(start, end);
      let match;
      let index = 0;
      separator.lastIndex = 0;
      do {
        match = separator.exec(section);
        const until = match ? match.index : section.length;
        if (index < until) {
          row.push(((start + index) << 12) | ((until - index) << 2) | type);
          fn(section.slice(index, until).toLowerCase(), (block << 20) | (row.length - 1));
        }
        if (match) {
          index = match.index + match[0].length;
          if (match[0].length === 0) separator.lastIndex = match.index + 1; /* zero-length lookaheads */
        }
      } while (match);
    });
  }
}

/* ---- Highlighting: Material's highlight and highlightAll ---- */

function highlight(input, table, positions, full = false) {
  return highlightAll([input], table, positions, full).pop();
}

function highlightAll(inputs, table, positions, full = false) {
  const mapping = [0];
  for (let t = 1; t < table.length; t++) {
    const prev = table[t - 1];
    const next = table[t];
    const p = (prev[prev.length - 1] >>> 2) & 0x3ff;
    const q = next[0] >>> 12;
    mapping.push(+(p > q) + mapping[mapping.length - 1]);
  }
  return inputs.map((input, i) => {
    let cursor = 0;
    const blocks = new Map();
    for (const p of positions.sort((a, b) => a - b)) {
      const index = p & 0xfffff;
      const block = p >>> 20;
      if (mapping[block] !== i) continue;
      let group = blocks.get(block);
      if (typeof group === "undefined") blocks.set(block, (group = []));
      group.push(index);
    }
    if (blocks.size === 0) return input;
    const slices = [];
    for (const [block, indexes] of blocks) {
      const t = table[block];
      const start = t[0] >>> 12;
      const end = t[t.length - 1] >>> 12;
      const length = (t[t.length - 1] >>> 2) & 0x3ff;
      if (full && start > cursor) slices.push(input.slice(cursor, start));
      let slice = input.slice(start, end + length);
      for (const j of indexes.sort((a, b) => b - a)) {
        const p = (t[j] >>> 12) - start;
        const q = ((t[j] >>> 2) & 0x3ff) + p;
        slice = [slice.slice(0, p), "<mark>", slice.slice(p, q), "</mark>", slice.slice(q)].join("");
      }
      cursor = end + length;
      if (slices.push(slice) === 2) break;
    }
    if (full && cursor < input.length) slices.push(input.slice(cursor));
    return slices.join("");
  });
}

/* ---- Queries: Material's transform, parse and analysis ---- */

function transform(query, fn) {
  return query
    .trim()
    .split(/"([^"]+)"/g)
    .map((parts, index) => (index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts))
    .join("")
    .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
    .split(/\s+/g)
    .reduce((prev, term) => {
      const next = fn(term);
      return [...prev, ...(Array.isArray(next) ? next : [next])];
    }, [])
    .map((term) => (/([~^]$)/.test(term) ? `${term}1` : term))
    .map((term) => (/(^[+-]|[~^]\d+$)/.test(term) ? term : `${term}*`))
    .join(" ");
}

function transformSearchQuery(query) {
  return transform(query, (part) => {
    const terms = [];
    const lexer = new lunr.QueryLexer(part);
    lexer.run();
    for (const { type, str: term, start, end } of lexer.lexemes) {
      switch (type) {
        case "FIELD": /* drop a colon that does not name a field */
          if (!["title", "text", "tags"].includes(term))
            part = [part.slice(0, end), " ", part.slice(end + 1)].join("");
          break;
        case "TERM":
          split(term, lunr.tokenizer.separator, (...range) => {
            terms.push([part.slice(0, start), term.slice(...range), part.slice(end)].join(""));
          });
      }
    }
    return terms;
  });
}

function parseSearchQuery(value) {
  const query = new lunr.Query(["title", "text", "tags"]);
  new lunr.QueryParser(value, query).parse();
  for (const clause of query.clauses) {
    clause.usePipeline = true;
    if (clause.term.startsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.LEADING;
      clause.term = clause.term.slice(1);
    }
    if (clause.term.endsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.TRAILING;
      clause.term = clause.term.slice(0, -1);
    }
  }
  return query.clauses;
}

function getSearchQueryTerms(query, terms) {
  const clauses = new Set(query);
  const result = {};
  for (let t = 0; t < terms.length; t++)
    for (const clause of clauses)
      if (terms[t].startsWith(clause.term)) {
        result[clause.term] = true;
        clauses.delete(clause);
      }
  for (const clause of clauses) if (lunr.stopWordFilter?.(clause.term)) result[clause.term] = false;
  return result;
}

/* Material's experimental segmentation of Chinese queries, by the terms in the index. */
function segment(query, index) {
  const segments = new Set();
  const wordcuts = new Uint16Array(query.length);
  for (let i = 0; i < query.length; i++)
    for (let j = i + 1; j < query.length; j++) if (query.slice(i, j) in index) wordcuts[i] = j - i;
  const stack = [0];
  for (let s = stack.length; s > 0; ) {
    const p = stack[--s];
    for (let q = 1; q < wordcuts[p]; q++)
      if (wordcuts[p + q] > wordcuts[p] - q) {
        segments.add(query.slice(p, p + q));
        stack[s++] = p + q;
      }
    const q = p + wordcuts[p];
    if (wordcuts[q] && q < query.length - 1) stack[s++] = q;
    segments.add(query.slice(p, q));
  }
  if (segments.has("")) return new Set([query]);
  return segments;
}

/* ---- The index ---- */

/* Entries by location; a section gets its page's entry as parent (entries come page first, then its sections). */
function documentMap(docs) {
  const map = new Map();
  for (const doc of docs) {
    const [path] = doc.location.split("#");
    const article = map.get(path);
    if (typeof article === "undefined") {
      map.set(path, doc);
    } else {
      map.set(doc.location, doc);
      doc.parent = article;
    }
  }
  return map;
}

/* lunr's index from the build's counts, as lunr's Builder would make it from the same entries (entry n is
   document "n"); undefined if the counts are not for these entries or this configuration.

   Only what lunr needs at once is made here: each term's weight (idf) and the token set it expands
   query terms with. A term's postings and an entry's field vector are made the first time a query
   reaches them: made for every entry, they took longer than the whole of the rest. */
function prebuiltIndex(config, docs) {
  if (typeof config[PREBUILT_KEY] !== "string") return undefined;
  const prebuilt = JSON.parse(config[PREBUILT_KEY]);
  const fields = Object.keys(config.fields);
  if (
    prebuilt.lunr !== lunr.version ||
    prebuilt.documents.length !== docs.length ||
    prebuilt.fields.join("\n") !== fields.join("\n") ||
    config.pipeline.includes("stemmer")
  )
    return undefined;
  const { terms, documents } = prebuilt;
  const count = documents.length;
  const width = fields.length;

  /* Which entries hold each term in each field, as one list per term and field (entries ascending). */
  const starts = new Uint32Array(terms.length * width + 1);
  for (const entry of documents)
    entry.forEach(([gaps], f) => {
      let term = -1;
      for (const gap of gaps) starts[(term += gap) * width + f + 1]++;
    });
  for (let i = 1; i < starts.length; i++) starts[i] += starts[i - 1];
  const holders = new Uint32Array(starts[starts.length - 1]);
  const filled = starts.slice(0, -1);
  documents.forEach((entry, number) =>
    entry.forEach(([gaps], f) => {
      let term = -1;
      for (const gap of gaps) holders[filled[(term += gap) * width + f]++] = number;
    })
  );

  /* lunr.idf: a term counts once per field of each entry that holds it. */
  const idf = new Float64Array(terms.length);
  for (let term = 0; term < terms.length; term++) {
    const n = starts[(term + 1) * width] - starts[term * width];
    idf[term] = Math.log(1 + Math.abs((count - n + 0.5) / (n + 0.5)));
  }

  const numbers = new Map(terms.map((term, number) => [term, number]));
  const invertedIndex = lazily(
    (term) => numbers.has(term),
    (term) => {
      const number = numbers.get(term);
      const posting = Object.create(null);
      posting._index = number;
      fields.forEach((field, f) => {
        const refs = (posting[field] = Object.create(null));
        for (let i = starts[number * width + f]; i < starts[number * width + f + 1]; i++) refs[holders[i]] = NO_METADATA;
      });
      return posting;
    }
  );

  /* lunr.Builder#createFieldVectors: BM25 with lunr's k1; Material sets b to 0, so the field's length
     drops out (k1 * (1 - b + b * length / average) is k1 exactly). */
  const k1 = 1.2;
  const boosts = fields.map((field) => config.fields[field].boost || 1);
  const places = new Map(fields.map((field, f) => [field, f]));
  const fieldRefs = [];
  for (let number = 0; number < count; number++) for (const field of fields) fieldRefs.push(`${field}/${number}`);
  const fieldVectors = lazily(
    (fieldRef) => {
      const { fieldName, docRef } = lunr.FieldRef.fromString(fieldRef);
      return places.has(fieldName) && /^(0|[1-9]\d*)$/.test(docRef) && +docRef < count;
    },
    (fieldRef) => {
      const { fieldName, docRef } = lunr.FieldRef.fromString(fieldRef);
      const f = places.get(fieldName);
      const [gaps, repeated] = documents[docRef][f];
      const docBoost = docs[docRef].boost || 1;
      const elements = [];
      let term = -1;
      let next = 0; /* the next place in `repeated` */
      for (let place = 0; place < gaps.length; place++) {
        term += gaps[place];
        let tf = 1;
        if (repeated[next] === place) {
          tf = repeated[next + 1];
          next += 2;
        }
        let score = (idf[term] * ((k1 + 1) * tf)) / (k1 + tf);
        score *= boosts[f];
        score *= docBoost;
        elements.push(term, Math.round(score * 1000) / 1000);
      }
      return new lunr.Vector(elements);
    },
    fieldRefs /* lunr lists them all for a query of excluded terms only */
  );

  return new lunr.Index({
    invertedIndex,
    fieldVectors,
    tokenSet: lunr.TokenSet.fromArray([...terms].sort()),
    fields,
    pipeline: new lunr.Pipeline() /* the search pipeline: Material leaves only the stemmer there */
  });
}

/* An object whose properties are made when first read: has(key) says which exist, make(key) makes one;
   `keys`, if given, is what Object.keys lists. */
function lazily(has, make, keys = []) {
  const made = Object.create(null);
  return new Proxy(made, {
    has: (target, key) => typeof key === "string" && has(key),
    get: (target, key) => {
      if (typeof key !== "string" || !has(key)) return undefined;
      if (!(key in target)) target[key] = make(key);
      return target[key];
    },
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (target, key) =>
      typeof key === "string" && has(key)
        ? { value: made[key], writable: true, enumerable: true, configurable: true }
        : undefined
  });
}

/* The index built here from the text, as Material's worker builds it (without positions). */
function builtIndex(config, docs) {
  const separator = new RegExp(config.separator, "g");
  return lunr(function () {
    this.b(0);
    this.tokenizer = (input) => {
      const tokens = [];
      scan(input, [], separator, (term) => tokens.push(new lunr.Token(term)));
      return tokens;
    };
    for (const name of PIPELINE)
      if (!config.pipeline.includes(name)) {
        this.pipeline.remove(lunr[name]);
        this.searchPipeline.remove(lunr[name]);
      }
    this.ref("ref");
    for (const [name, spec] of Object.entries(config.fields)) this.field(name, spec);
    docs.forEach((doc, number) => {
      const fields = { ref: String(number) };
      for (const name of Object.keys(config.fields)) fields[name] = doc[name];
      this.add(fields, { boost: doc.boost });
    });
  });
}

/* ---- Search: Material's Search class ---- */

class Search {
  constructor({ config, docs, options }) {
    if (config.lang.length !== 1 || config.lang[0] !== "en")
      throw new Error("the site's search worker searches English only: use Material's for other languages");
    lunr.tokenizer.separator = new RegExp(config.separator);
    this.docs = docs;
    this.map = documentMap(docs);
    this.options = options;
    this.separator = new RegExp(config.separator, "g");
    this.functions = PIPELINE.filter((name) => config.pipeline.includes(name)).map((name) => lunr[name]);
    this.prebuilt = true;
    this.index = prebuiltIndex(config, docs);
    if (typeof this.index === "undefined") {
      this.prebuilt = false;
      this.index = builtIndex(config, docs);
    }
    this.tables = new Map(); /* an entry's field: its table, and where each term is in it */
    this.terms = new Map(); /* a token: the term the index holds for it */
  }

  /* What Material's index keeps for each entry's field: its table, and where each term is (the positions
     of the tokens the pipeline makes it from). Made when the entry is first a result, and kept, so that
     the next keystroke's query, which mostly finds the same entries, only looks its terms up. */
  tokens(ref, field) {
    const key = `${ref}:${field}`;
    let found = this.tables.get(key);
    if (typeof found === "undefined") {
      const table = [];
      const places = new Map();
      scan(this.docs[ref][field], table, this.separator, (word, position) => {
        const term = this.term(word);
        if (typeof term === "undefined") return;
        const list = places.get(term);
        if (typeof list === "undefined") places.set(term, [position]);
        else list.push(position);
      });
      this.tables.set(key, (found = { table, places }));
    }
    return found;
  }

  /* A token as the index holds it: through the configured pipeline, or undefined if the pipeline drops
     it. Remembered, as the same words recur. */
  term(word) {
    let term = this.terms.get(word);
    if (typeof term === "undefined" && !this.terms.has(word)) {
      let token = new lunr.Token(word);
      for (const fn of this.functions) {
        token = fn(token);
        if (token === null || token === undefined || token === "") break;
      }
      term = token ? token.toString() : undefined;
      this.terms.set(word, term);
    }
    return term;
  }

  /* The positions of `terms` in an entry's field, as Material's index records them (highlightAll sorts
     them). */
  positions(ref, field, terms) {
    const { table, places } = this.tokens(ref, field);
    const positions = [];
    for (const term of new Set(terms)) {
      const list = places.get(term);
      if (typeof list !== "undefined") positions.push(...list);
    }
    return { table, positions };
  }

  /* Material's search; when nothing matches, the same with each word the index does not know replaced
     by a known one a letter away ("goverors", "Chidline"), if there is one. */
  search(query) {
    const found = this.results(query);
    if (found.items.length) return found;
    const corrected = this.corrected(query);
    return corrected === query ? found : this.results(corrected);
  }

  /* The query with each word of four letters or more that no term starts with replaced by the term one
     edit away (a letter added, left out, changed, or two swapped) that most entries hold. */
  corrected(query) {
    const known = (pattern) => this.index.tokenSet.intersect(pattern).toArray();
    const holders = (term) =>
      this.index.fields.reduce((n, field) => n + Object.keys(this.index.invertedIndex[term][field]).length, 0);
    return query.replace(/[\p{L}\p{N}]{4,}/gu, (word) => {
      const lower = word.toLowerCase();
      if (known(lunr.TokenSet.fromString(`${lower}*`)).length) return word;
      const [best] = known(lunr.TokenSet.fromFuzzyString(lower, 1))
        .map((term) => [term, holders(term)])
        .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
      return best ? best[0] : word;
    });
  }

  /* Material's Search#search. */
  results(query) {
    query = query.replace(/\p{sc=Han}+/gu, (value) => [...segment(value, this.index.invertedIndex)].join("* "));
    query = transformSearchQuery(query);
    if (!query) return { items: [] };

    const clauses = parseSearchQuery(query).filter((clause) => clause.presence !== lunr.Query.presence.PROHIBITED);

    const groups = this.index
      .search(query)
      .reduce((items, { ref, score, matchData }) => {
        const found = this.map.get(this.docs[ref].location);
        if (typeof found !== "undefined") {
          const { parent, ...doc } = found; /* the page has no use for the parent: not copied to it */
          if (doc.tags) doc.tags = [...doc.tags];
          const matched = Object.keys(matchData.metadata);
          const terms = getSearchQueryTerms(clauses, matched);
          for (const field of this.index.fields) {
            if (typeof doc[field] === "undefined") continue;
            const inField = matched.filter((term) => typeof matchData.metadata[term][field] !== "undefined");
            if (!inField.length) continue;
            const { table, positions } = this.positions(ref, field, inField);
            if (!positions.length) continue;
            const fn = Array.isArray(doc[field]) ? highlightAll : highlight;
            doc[field] = fn(doc[field], table, positions, field !== "text");
          }
          const boost = +!parent + Object.values(terms).filter((t) => t).length / Object.keys(terms).length;
          items.push({ ...doc, score: score * (1 + boost ** 2), terms });
        }
        return items;
      }, [])
      .sort((a, b) => b.score - a.score)
      .reduce((items, result) => {
        const doc = this.map.get(result.location);
        if (typeof doc !== "undefined") {
          const ref = doc.parent ? doc.parent.location : doc.location;
          items.set(ref, [...(items.get(ref) || []), result]);
        }
        return items;
      }, new Map());

    for (const [ref, items] of groups)
      if (!items.find((item) => item.location === ref)) {
        const { parent, ...doc } = this.map.get(ref);
        items.push({ ...doc, score: 0, terms: {} });
      }

    let suggest;
    if (this.options.suggest) {
      const titles = this.index.query((builder) => {
        for (const clause of clauses)
          builder.term(clause.term, {
            fields: ["title"],
            presence: lunr.Query.presence.REQUIRED,
            wildcard: lunr.Query.wildcard.TRAILING
          });
      });
      suggest = titles.length ? Object.keys(titles[0].matchData.metadata) : [];
    }

    return { items: [...groups.values()], ...(typeof suggest !== "undefined" && { suggest }) };
  }
}

/* ---- Messages ---- */

let search; /* a promise of the Search, once something needs it */
let settings; /* the setup message's data while the index is not fetched yet */

/* The whole index, fetched and parsed here rather than on the page: nobody who never searches pays for it. */
async function fetched({ config, options }) {
  const response = await fetch(new URL(config[FULL_INDEX_KEY], here).href);
  if (!response.ok) throw new Error(`the search index could not be fetched (${response.status})`);
  const { config: full, docs } = await response.json();
  return new Search({ config: full, docs, options });
}

async function handle(message) {
  switch (message.type) {
    case SETUP: {
      await lunrLoaded;
      lunr.utils.warn = console.warn; /* as Material does: lunr's own warn looks for a window */
      const { config, docs } = message.data;
      if (typeof config[FULL_INDEX_KEY] === "string" && docs.length === 0) {
        settings = message.data;
        search = undefined;
        /* Material's page only waits for this message. */
        return { type: READY, data: { index: "on first query" } };
      }
      const made = new Search(message.data);
      search = Promise.resolve(made);
      /* `prebuilt` says how the index was made (for tests). */
      return { type: READY, data: { prebuilt: made.prebuilt } };
    }
    case QUERY: {
      /* Material asks with the empty box as soon as the worker is ready: that needs no index. */
      if (!search && !message.data.trim()) return { type: RESULT, data: { items: [] } };
      search ??= fetched(settings);
      let made;
      try {
        made = await search;
      } catch (error) {
        search = undefined; /* the next keystroke tries again */
        console.warn("Search is not available:", error);
        return { type: RESULT, data: { items: [] } };
      }
      try {
        return { type: RESULT, data: { ...made.search(message.data), prebuilt: made.prebuilt } };
      } catch (error) {
        console.warn(`Invalid query: ${message.data}`, error);
        return { type: RESULT, data: { items: [] } };
      }
    }
    default:
      throw new TypeError("Invalid message type");
  }
}

addEventListener("message", async (event) => {
  postMessage(await handle(event.data));
});
