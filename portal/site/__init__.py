"""The model made into the site's pages: templates, generated pages, the HTML gate and search tags.

May import `portal.source`, `portal.checks` and `portal.model`. ARCHITECTURE.md describes each module.
"""
