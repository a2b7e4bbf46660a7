"""Who may do what in budgeting and co-design, as named predicates (django-rules).

The roles come from accounts.rules and are asked about the object's place: the
campaign's or the session's town (or a grant for that very campaign or session).
The services check these; the pages check the same names to show or hide links.
"""

from __future__ import annotations

import rules

from accounts.rules import is_akimat, is_architect

# Paper ballots are entered at the akimat's project centre.
enters_paper_ballots = is_akimat
# The akimat builds the winners and reports on the work.
reports_building = is_akimat
# The official plan of a design session is the akimat's, drawn by its architects.
uploads_official_plan = is_architect | is_akimat

rules.add_perm("codesign.enter_paper_ballot", enters_paper_ballots)
rules.add_perm("codesign.report_building", reports_building)
rules.add_perm("codesign.upload_official_plan", uploads_official_plan)
