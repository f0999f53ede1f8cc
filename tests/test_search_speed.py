"""Search that answers at once: the index is prebuilt by the build, and the site's own worker loads it.

The worker (docs/assets/search/worker.js) must answer every query exactly as Material's worker does
(same results, order, scores and highlighting), whether it loads the prebuilt counts or indexes the
text itself, and whether it was handed the index or fetched it on the first query; it must be the one
the pages use; a page load must not fetch the index; and a query typed the moment a page has loaded
must find its page.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from search_box import TYPE_NOW, WATCH_SEARCH, load_queries, wait_for_results

from conftest import ROOT
from portal.publish.search_index import (
    FULL_INDEX,
    FULL_INDEX_KEY,
    INDEX,
    LUNR_VERSION,
    PREBUILT_KEY,
    STOP_WORDS,
    WORKER,
    prebuilt_index,
    python_pattern,
    term_counts,
    whole_index,
)

SEARCH = ROOT / "docs" / "assets" / "search"
LUNR_SHA256 = "0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8"  # npm pack lunr@2.3.9: lunr.min.js
# Query syntax beyond the query set: required and excluded terms, fields, boosts, fuzziness, wildcards,
# phrases, Chinese segmentation, words that are all stop words, and nonsense.
SYNTAX = [
    "report",
    "helpline",
    "+online +safety",
    "sexting -nudes",
    "-gaming",
    "title:grooming",
    "tags:posh",
    "grooming^10",
    "grooming~1",
    "sext*",
    "*ing",
    '"nude image"',
    "child-on-child",
    "foo:bar",
    "\u5b66\u6821",
    "the a",
    "qzxqzxnonsense",
]


# ---- The prebuilt index ----


def decoded(prebuilt: dict[str, Any], entry: int, field: int) -> dict[str, int]:
    """One entry's field as term -> count, read back from the gaps and repeats the build wrote."""
    gaps, repeated = prebuilt["documents"][entry][field]
    numbers, number = [], -1
    for gap in gaps:
        assert gap >= 1
        number += gap
        numbers.append(number)
    counts = dict.fromkeys((prebuilt["terms"][n] for n in numbers), 1)
    places = repeated[::2]
    assert places == sorted(places) and all(0 <= p < len(numbers) for p in places)
    for place, count in zip(places, repeated[1::2], strict=True):
        assert count > 1
        counts[prebuilt["terms"][numbers[place]]] = count
    return counts


@pytest.fixture(scope="module")
def index(built_site: Path) -> dict[str, Any]:
    return whole_index(built_site)


def test_pages_fetch_the_settings_only_and_the_worker_is_told_where_the_index_is(
    built_site: Path, index: dict[str, Any]
) -> None:
    settings = json.loads((built_site / INDEX).read_text(encoding="utf-8"))
    assert settings["docs"] == [] and len((built_site / INDEX).read_bytes()) < 2_000
    address = settings["config"].pop(FULL_INDEX_KEY)
    assert (built_site / WORKER).parent.joinpath(address).resolve() == (built_site / FULL_INDEX).resolve()
    expected = {key: value for key, value in index["config"].items() if key != PREBUILT_KEY}
    assert settings["config"] == expected, "the settings Material's page reads (highlighting) are the index's"
    assert len(index["docs"]) > 400


def test_the_search_index_carries_the_prebuilt_counts_for_its_own_entries(index: dict[str, Any]) -> None:
    config, docs = index["config"], index["docs"]
    prebuilt = json.loads(config[PREBUILT_KEY])
    assert prebuilt["lunr"] == LUNR_VERSION == "2.3.9"
    assert prebuilt["fields"] == list(config["fields"]) == ["title", "text", "tags"]
    assert len(prebuilt["documents"]) == len(docs) > 400
    assert len(set(prebuilt["terms"])) == len(prebuilt["terms"]), "each term once"
    assert not STOP_WORDS & set(prebuilt["terms"]), "the stop word filter ran"
    # Every entry's fields, decoded, are what its own text counts to (the search tags included).
    separator = python_pattern(config["separator"])
    assert separator is not None
    for number, doc in enumerate(docs):
        for slot, field in enumerate(prebuilt["fields"]):
            value = doc.get(field)
            expected = term_counts(value, separator, False, True) if value else {}
            assert decoded(prebuilt, number, slot) == expected, (doc["location"], field)
    # In words a reader would check: the sextortion page's title and tags hold the word (punctuation kept, as
    # Material keeps it), and a resource's tags its abbreviation.
    by_location = {doc["location"]: number for number, doc in enumerate(docs)}
    assert "(sextortion)" in decoded(prebuilt, by_location["risks/sextortion/"], 0)
    assert decoded(prebuilt, by_location["risks/sextortion/"], 2)["sextortion"] >= 2
    assert "posh" in decoded(prebuilt, by_location["resources/#posh"], 2)


def test_terms_are_counted_as_materials_tokenizer_counts_them() -> None:
    separator = python_pattern(r"[\s\-]+")
    assert separator is not None
    text = "<p>Sexting, nudes and <strong>NUDES</strong></p> <ul><li>Send-nudes\ufeffnow</li></ul> a<b"
    # Text between tags, split at spaces and hyphens (a byte-order mark is a space to JavaScript), lowercased,
    # punctuation kept (no trimmer), stop words dropped; a '<' that opens no tag still ends a run of text.
    assert term_counts(text, separator, trimmer=False, stop_words=True) == {
        "sexting,": 1,
        "nudes": 3,
        "send": 1,
        "now": 1,
        "<b": 1,
    }
    assert list(term_counts(text, separator, False, True)) == ["sexting,", "nudes", "send", "now", "<b"], "first seen"
    assert term_counts(["Childline", "CEOP"], separator, False, True) == {"childline": 1, "ceop": 1}
    assert term_counts("(Sexting), sexting", separator, trimmer=True, stop_words=False) == {"sexting": 2}
    # Python's \s would take \x1c as a space; JavaScript's does not.
    assert term_counts("a\x1cb", separator, False, False) == {"a\x1cb": 1}


def test_a_configuration_the_build_cannot_repeat_gets_no_prebuilt_index() -> None:
    docs = [{"location": "", "title": "Grooming", "text": "grooming"}]
    config = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": {"title": {}}}
    assert prebuilt_index({"config": config, "docs": docs}) is not None
    assert prebuilt_index({"config": {**config, "pipeline": ["stemmer"]}, "docs": docs}) is None
    assert prebuilt_index({"config": {**config, "lang": ["de"]}, "docs": docs}) is None
    assert prebuilt_index({"config": {**config, "separator": r"[\S]"}, "docs": docs}) is None


def test_the_vendored_lunr_is_2_3_9_as_published() -> None:
    lunr = (SEARCH / "lunr-2.3.9.min.js").read_bytes()
    assert hashlib.sha256(lunr).hexdigest() == LUNR_SHA256
    assert b"lunr - http://lunrjs.com" in lunr[:200] and b"2.3.9" in lunr[:200] and b"@license MIT" in lunr[:200]
    worker = (SEARCH / "worker.js").read_text(encoding="utf-8")
    assert LUNR_SHA256 in worker and "Copyright (C) 2013 by Oliver Nightingale" in worker
    assert "Copyright (c) 2016-2025 Martin Donath" in worker
    assert not re.search(r"\beval\(|new Function", worker), "the shipped policy allows no eval"


def test_pages_name_the_sites_worker_and_leave_the_rest_of_materials_configuration(page) -> None:  # type: ignore[no-untyped-def]
    for path, prefix in (("", ""), ("risks/grooming/", "../../")):
        config = json.loads(page(path).find("script", id="__config").string)
        assert config["search"] == f"{prefix}assets/search/worker.js"
        assert set(config) == {"annotate", "base", "features", "search", "tags", "translations", "version"}
        assert config["translations"]["search.result.none"] == "No matching documents"


# ---- In Chromium ----


def workers_answer(page, queries: list[str], docs: int | None = None, suggest: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Each worker's answers to `queries` (Material's, the site's with the prebuilt counts, the site's indexing
    the text itself, and the site's given the settings only, as pages give it), set up with the built index
    (its first `docs` entries, if given)."""
    return page.evaluate(
        """async ([queries, material, count, suggest, full, settingsOnly]) => {
          const index = await (await fetch(full)).json();
          const settings = await (await fetch(settingsOnly)).json();
          const docs = count === null ? index.docs : index.docs.slice(0, count);
          const { prebuilt_index, ...plain } = index.config;
          const ask = async (url, config, given = docs) => {
            const worker = new Worker(url);
            const send = (message) => new Promise((resolve) => {
              worker.onmessage = (event) => resolve(event.data);
              worker.postMessage(message);
            });
            const ready = await send({type: 0, data: {config, docs: given, options: {suggest}}});
            const answers = [];
            for (const query of queries) {
              const { data } = await send({type: 2, data: query});
              const items = data.items.map((group) => group.map(({ parent, ...item }) => item));
              answers.push(JSON.stringify(suggest ? { items, suggest: data.suggest } : items));
            }
            worker.terminate();
            return { ready, answers };
          };
          return {
            material: await ask(material, index.config),
            prebuilt: await ask('assets/search/worker.js', index.config),
            indexed: await ask('assets/search/worker.js', plain),
            fetched: await ask('assets/search/worker.js', settings.config, settings.docs),
          };
        }""",
        [queries, material_worker(), docs, suggest, FULL_INDEX, INDEX],
    )


def material_worker() -> str:
    """Material's own search worker, as a path from the site's root."""
    from material import __file__ as material_init

    workers = Path(material_init).parent / "templates" / "assets" / "javascripts" / "workers"
    (worker,) = workers.glob("search.*.min.js")
    return f"assets/javascripts/workers/{worker.name}"


@pytest.mark.browser
def test_the_sites_worker_answers_every_query_exactly_as_materials_does(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    queries = ["", "  "] + [item["query"] for item in load_queries()] + SYNTAX
    page = browser.new_page()
    page.goto(f"{site_url}/")
    answers = workers_answer(page, queries)
    page.close()
    assert answers["prebuilt"]["ready"] == {"type": 1, "data": {"prebuilt": True}}
    assert answers["indexed"]["ready"] == {"type": 1, "data": {"prebuilt": False}}
    assert answers["fetched"]["ready"] == {"type": 1, "data": {"index": "on first query"}}
    differ = [
        query
        for query, material, prebuilt, indexed, fetched in zip(
            queries, *(answers[w]["answers"] for w in ("material", "prebuilt", "indexed", "fetched")), strict=True
        )
        if not material == prebuilt == indexed == fetched
    ]
    assert differ == [], f"answered differently from Material's worker: {differ}"
    # Not vacuous: the answers hold results, highlighted words, and differ from query to query.
    sextortion = json.loads(answers["prebuilt"]["answers"][queries.index("sextortion")])
    assert sextortion[0][0]["location"].split("#")[0] in ("risks/sextortion/", "respond/sextortion/")
    assert any("<mark>sextortion</mark>" in item["text"].lower() for group in sextortion for item in group)
    assert len(set(answers["prebuilt"]["answers"])) > len(queries) - 5


@pytest.mark.browser
def test_search_suggestions_are_materials_too(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    # Off on this site (the search.suggest feature), but the worker keeps Material's behaviour for it.
    page = browser.new_page()
    page.goto(f"{site_url}/")
    answers = workers_answer(page, ["groom", "sext", "online saf", "helpline"], suggest=True)
    page.close()
    assert answers["material"]["answers"] == answers["prebuilt"]["answers"] == answers["indexed"]["answers"]
    assert answers["fetched"]["answers"] == answers["prebuilt"]["answers"]
    assert json.loads(answers["prebuilt"]["answers"][0])["suggest"][0].startswith("grooming")  # not vacuous


@pytest.mark.browser
def test_counts_for_other_entries_are_not_used(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    # A page given fewer entries than the counts describe (a stale or foreign index) indexes them itself.
    page = browser.new_page()
    page.goto(f"{site_url}/")
    answers = workers_answer(page, ["grooming", "online safety"], docs=100)
    page.close()
    assert answers["prebuilt"]["ready"]["data"] == {"prebuilt": False}
    assert answers["material"]["answers"] == answers["prebuilt"]["answers"] == answers["indexed"]["answers"]


def visit_and_type(browser, site_url: str, index: bytes | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Type 'sextortion' as the home page's load event fires on a first visit; what happened.

    `index`, if given, is served in place of the whole index the worker fetches.
    """
    context = browser.new_context()
    context.add_init_script(WATCH_SEARCH)
    if index is not None:
        context.route(
            f"**/{FULL_INDEX}",
            lambda route: route.fulfill(body=index, content_type="application/json"),
        )
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url.removeprefix(site_url)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/", wait_until="load")
    page.evaluate(TYPE_NOW, "sextortion")
    wait_for_results(page, "sextortion")
    links = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.slice(1))"
    )
    watched = page.evaluate("() => __search")
    context.close()
    return {"results": list(dict.fromkeys(links)), "requests": requests, "errors": errors, "search": watched}


@pytest.mark.browser
def test_a_query_typed_as_the_page_loads_finds_its_page_from_the_prebuilt_index(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    visit = visit_and_type(browser, site_url)
    assert "risks/sextortion/" in visit["results"][:3]
    assert visit["errors"] == []
    assert visit["search"]["url"].endswith("assets/search/worker.js")
    assert visit["search"]["ready"] == {"index": "on first query"}
    assert visit["search"]["prebuilt"] is True, "the worker loaded the prebuilt index"
    # Not the old way: Material's worker is never fetched; the settings and the index are each asked for by
    # the page (opening search fetches both into the cache) and by the worker, never once per keystroke.
    assert not [url for url in visit["requests"] if "javascripts/workers/" in url]
    assert visit["requests"].count(f"/{INDEX}") <= 2 and 1 <= visit["requests"].count(f"/{FULL_INDEX}") <= 2
    assert "/assets/search/lunr-2.3.9.min.js" in visit["requests"]


@pytest.mark.browser
def test_a_page_load_fetches_no_index_until_someone_opens_search(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(WATCH_SEARCH)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url.removeprefix(site_url)))
    for path in ("", "risks/grooming/", "self-review/"):
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_function("() => __search.ready !== null && __search.answered === __search.sent")
        page.wait_for_timeout(100)
    assert requests.count(f"/{INDEX}") == 3 and f"/{FULL_INDEX}" not in requests, "pages alone fetch no index"
    # Opening search fetches it into the cache (assets/search/prefetch.js), before a letter is typed.
    with page.expect_response(lambda response: response.url.endswith(f"/{FULL_INDEX}")) as fetched:
        page.locator("label.md-search__icon, .md-search__input").first.click()
    assert fetched.value.ok and __search_sent(page) == 0
    page.locator("input.md-search__input").press_sequentially("groo", delay=10)
    wait_for_results(page, "groo")
    assert page.evaluate("() => __search.prebuilt") is True
    assert page.locator(".md-search-result__item").count() > 0
    context.close()


def __search_sent(page) -> int:  # type: ignore[no-untyped-def]
    """Queries the page has sent its worker that were not the empty one it sends when the worker is ready."""
    return int(page.evaluate("() => __search.sent - 1"))


@pytest.mark.browser
def test_without_the_prebuilt_counts_the_worker_indexes_the_text_and_still_finds_it(
    browser, site_url: str, built_site: Path
) -> None:  # type: ignore[no-untyped-def]
    index = whole_index(built_site)
    del index["config"][PREBUILT_KEY]
    visit = visit_and_type(browser, site_url, json.dumps(index).encode())
    assert visit["search"]["prebuilt"] is False, "the control: the worker's answers tell the two apart"
    assert "risks/sextortion/" in visit["results"][:3] and visit["errors"] == []


@pytest.mark.browser
def test_a_misspelled_word_that_finds_nothing_finds_the_word_it_was_meant_to_be(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    queries = ["goverors", "Chidline", "sextrotion", "qzxqzxnonsense"]
    page = browser.new_page()
    page.goto(f"{site_url}/")
    answers = workers_answer(page, queries)
    page.close()

    def pages(answer: str) -> list[str]:
        return [group[0]["location"].split("#")[0] for group in json.loads(answer)]

    material, corrected = (list(map(pages, answers[w]["answers"])) for w in ("material", "prebuilt"))
    assert material == [[], [], [], []], "Material's worker finds nothing for them"
    assert "audiences/governors-and-trustees/" in corrected[0][:3]
    assert "resources/" in corrected[1][:3]
    assert "risks/sextortion/" in corrected[2][:3]
    assert corrected[3] == [], "nonsense still finds nothing"
    childline = json.loads(answers["prebuilt"]["answers"][1])
    assert any("<mark>childline</mark>" in json.dumps(group).lower() for group in childline), "highlighted"
