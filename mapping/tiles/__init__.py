"""Vector tiles of the public layers (see registry, sql, versions and views)."""
