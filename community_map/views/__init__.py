"""Pages of the community map; each module owns its ``urlpatterns``."""
