"""Refusals are shared by every app; codesign's modules import them from here."""

from mapping.refusals import ActionRefused

__all__ = ["ActionRefused"]
