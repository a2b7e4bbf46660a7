"""Reads of the community map; each module serves one part of the app."""
