"""Checks of documents as read, before any model is built: one line per problem, with file, line and hint.

May import `portal.source`. ARCHITECTURE.md describes each module.
"""
