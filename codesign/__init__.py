"""Participatory budgeting and site co-design; builds on `mapping`."""
