from django.urls import path

from .views import architect, design, files
from .views import budget as views

app_name = "codesign"

campaign = "towns/<slug:town>/budget/<slug:slug>/"
session = "towns/<slug:town>/design/<slug:site>/<slug:session>/"
concept = session + "concepts/<int:pk>/"

budget_patterns = [
    path("towns/<slug:town>/budget/", views.campaign_list, name="campaigns"),
    path("towns/<slug:town>/built/", views.built, name="built"),
    path("towns/<slug:town>/built.geojson", views.built_geojson, name="built-geojson"),
    path(campaign, views.campaign, name="campaign"),
    path(
        campaign + "proposals.geojson",
        views.proposals_geojson,
        name="proposals-geojson",
    ),
    path(campaign + "winners.geojson", views.winners_geojson, name="winners-geojson"),
    path(campaign + "propose/", views.propose, name="propose"),
    path(campaign + "proposals/<int:number>/", views.proposal, name="proposal"),
    path(
        campaign + "proposals/<int:number>/edit/",
        views.proposal_edit,
        name="proposal-edit",
    ),
    path(campaign + "review/", views.review_queue, name="review"),
    path(campaign + "vote/", views.vote, name="vote"),
    path(campaign + "paper-ballots/", views.paper_ballot, name="paper-ballot"),
    path(campaign + "voting-codes/", views.voting_codes, name="voting-codes"),
    path(campaign + "results/", views.results, name="results"),
    path(campaign + "activity/", views.activity, name="activity"),
    path(campaign + "export/campaign.pb", views.pabulib, name="pabulib"),
    path(campaign + "export/<str:what>.<str:fmt>", views.export, name="export"),
]

# Design sessions: residents draw concepts of a site.
design_patterns = [
    path("towns/<slug:town>/design/", design.session_list, name="sessions"),
    path(session, design.session, name="session"),
    path(session + "new/", design.concept_new, name="concept-new"),
    path(concept, design.concept, name="concept"),
    path(concept + "draw/", design.concept_draw, name="concept-draw"),
    path(concept + "save", design.concept_save, name="concept-save"),
    path(concept + "submit", design.concept_submit, name="concept-submit"),
    path(concept + "elements.geojson", design.concept_geojson, name="concept-geojson"),
]

# The architect's side: the official plan, the comparison, the agreement map.
architect_patterns = [
    path(session + "official/", files.official_upload, name="official-upload"),
    path(session + "compare/", architect.compare, name="compare"),
    path(session + "compare/report/", architect.report, name="report"),
    path(
        session + "compare/report/map.html",
        architect.report_map_page,
        name="report-map",
    ),
    path(session + "agreement.geojson", architect.agreement_geojson, name="agreement"),
    path(session + "export/session.<str:fmt>", files.export, name="session-export"),
]

urlpatterns = budget_patterns + design_patterns + architect_patterns
