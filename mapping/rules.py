"""Who may change the geographic base, as named predicates (django-rules)."""

import rules

is_staff = rules.is_staff

# Architects and akimat officials per town join these in the accounts issue.
rules.add_perm("mapping.add_site", is_staff)
rules.add_perm("mapping.change_site", is_staff)
rules.add_perm("mapping.view_site", rules.always_allow)
