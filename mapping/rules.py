"""Who may change the geographic base, as named predicates (django-rules).

Sites are added and changed by the town's architects and akimat officials (roles
per town, accounts.rules); asked without a town, only grants for every town count.
"""

import rules

from accounts.rules import is_akimat, is_architect

edits_sites = is_architect | is_akimat

rules.add_perm("mapping.add_site", edits_sites)
rules.add_perm("mapping.change_site", edits_sites)
rules.add_perm("mapping.view_site", rules.always_allow)
