"""The geographic base: towns, districts, sites, and the geometry intake."""
