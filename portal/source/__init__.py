"""Reading the source files: folders walked, YAML with line numbers, schemas, page parts, errors.

May import nothing else in the package. ARCHITECTURE.md describes each module.
"""
