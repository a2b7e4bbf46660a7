"""OGC API – Features (Part 1, core + GeoJSON) over the public map layers.

Every collection is a layer of ``mapping.tiles.registry``: the same SQL, and so
the same privacy rules, as the vector tiles. See docs/ogc.md.
"""
