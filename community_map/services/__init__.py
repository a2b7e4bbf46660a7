"""Writes of the community map: each a named operation (see STYLE.md)."""
