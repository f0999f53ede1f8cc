"""The nation view in real Chromium, probed on a page already loaded: what each nation's choice shows and hides.

The every-page survey (tests/test_quality.py, TestDesktop) runs it on each page it loads; the tests that read
its findings are there, and the nation view's other tests in tests/test_nation_view.py.
"""

from __future__ import annotations

NATIONS = ("england", "wales", "scotland", "northern-ireland")
NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}

# For one page: which blocks of each nation are visible with all nations shown, and then with each nation chosen
# (through the real control); the names of the "Other nations" buttons; headings left with nothing under them.
NATION_SURVEY = """
async (nations) => {
  const select = document.querySelector('#portal-nation-select');
  const visible = (e) => e.checkVisibility();
  const blocks = (nation) => [...document.querySelectorAll('article [data-nations]')]
      .map((e, i) => [i, e]).filter(([i, e]) => e.getAttribute('data-nations').split(' ').includes(nation));
  const choose = (value) => { select.value = value; select.dispatchEvent(new Event('change')); };
  choose('all');
  const before = {};
  for (const nation of nations) before[nation] = blocks(nation).filter(([i, e]) => visible(e)).map(([i]) => i);
  const result = {};
  for (const nation of nations) {
    choose(nation);
    const shown = new Set(blocks(nation).filter(([i, e]) => visible(e)).map(([i]) => i));
    const all = [...document.querySelectorAll('article [data-nations]')];
    const buttons = [...document.querySelectorAll('.portal-nation-others')].map((b) => b.textContent);
    const orphans = [...document.querySelectorAll('article .portal-nations__heading')]
      .filter((h) => visible(h))
      .filter((h) => ![...h.closest('[data-nation-group]').querySelectorAll('.portal-nation')].some(visible))
      .map((h) => h.textContent);
    result[nation] = {
      hidden: before[nation].filter((i) => !shown.has(i)).map((i) => all[i].textContent.trim().slice(0, 90)),
      folded: all.filter((e) => !visible(e)).length,
      buttons: buttons,
      orphans: orphans,
    };
  }
  choose('all');
  return result;
}
"""
