"""Civic communities, meeting places and residents' concerns; builds on `mapping`."""
