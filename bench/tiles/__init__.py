"""Benchmark of Birge's vector tiles and GeoJSON (issue 6), in one run.

``.venv/bin/python -m bench.tiles`` (or ``make bench``) measures, on the same
database and data:

- the floor: the tile SQL alone (``mapping.tiles.sql.tile_sql``) under pgbench
  with prepared statements;
- a peer: tipg (own venv ``.venv-tipg``) serving the same public proposals;
- Birge's ``/tiles/proposals/{z}/{x}/{y}.mvt`` under gunicorn;
- Birge's OGC API items against a plain drf-gis serializer of the same rows;

under wrk at 1 and 8 connections, cold (distinct tiles z4-z16) and hot (20
tiles over and over); the SQL time of tiles z0-z16; feature counts per tile on
each side; and the time until a town map in headless Chromium has drawn its
tiles. Writes bench/results/tiles.md, tiles.png and tiles-map.png.
"""
