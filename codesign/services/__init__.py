"""Every write in participatory budgeting, as named operations (see STYLE.md)."""

from .ballots import (
    ballot_submit,
    paper_ballot_enter,
    voter_redeem_code,
    voter_verify_iin,
    voting_code_issue,
    voting_codes_issue,
)
from .campaigns import (
    campaign_create,
    campaign_limits_check,
    campaign_methods_check,
    category_add,
    criterion_add,
)
from .concepts import (
    DrawnElement,
    concept_create,
    concept_save,
    concept_submit,
    design_session_create,
    official_plan_upload,
    palette_fill,
)
from .implementation import progress_note_add, proposal_mark_built, proposal_start_work
from .photos import photo_add
from .proposals import proposal_create, proposal_submit, proposal_update
from .results import results_publish, voting_open
from .review import (
    council_member_add,
    council_member_remove,
    proposal_accept,
    proposal_reject,
    proposal_request_changes,
    proposal_revise_cost,
    review_save,
)

__all__ = [
    "DrawnElement",
    "ballot_submit",
    "campaign_create",
    "campaign_limits_check",
    "campaign_methods_check",
    "category_add",
    "concept_create",
    "concept_save",
    "concept_submit",
    "council_member_add",
    "council_member_remove",
    "criterion_add",
    "design_session_create",
    "official_plan_upload",
    "palette_fill",
    "paper_ballot_enter",
    "photo_add",
    "progress_note_add",
    "proposal_accept",
    "proposal_create",
    "proposal_mark_built",
    "proposal_reject",
    "proposal_request_changes",
    "proposal_revise_cost",
    "proposal_start_work",
    "proposal_submit",
    "proposal_update",
    "results_publish",
    "review_save",
    "voter_redeem_code",
    "voter_verify_iin",
    "voting_code_issue",
    "voting_codes_issue",
    "voting_open",
]
