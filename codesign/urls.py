from django.urls import path

from . import views

app_name = "codesign"

campaign = "towns/<slug:town>/budget/<slug:slug>/"

urlpatterns = [
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
    path(campaign + "results/", views.results, name="results"),
    path(campaign + "activity/", views.activity, name="activity"),
    path(campaign + "export/campaign.pb", views.pabulib, name="pabulib"),
    path(campaign + "export/<str:what>.<str:fmt>", views.export, name="export"),
]
