"""Guidance portal: validated YAML content turned into a MkDocs site."""
