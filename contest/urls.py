from django.urls import path

from .views import awards, jury, public

app_name = "contest"

contest = "towns/<slug:town>/contests/<slug:slug>/"
drawing = contest + "drawings/<int:number>/"

urlpatterns = [
    path("towns/<slug:town>/contests/", public.contests, name="contests"),
    path(contest, public.gallery, name="gallery"),
    path(
        contest + "drawings.geojson", public.drawings_geojson, name="drawings-geojson"
    ),
    path(contest + "send/", public.submit, name="submit"),
    path(drawing, public.drawing, name="drawing"),
    path(drawing + "<slug:size>.jpg", public.image, name="image"),
    path(drawing + "award/", awards.award, name="award"),
    path(contest + "jury/", jury.jury, name="jury"),
    path(contest + "ranking/", jury.ranking, name="ranking"),
    path(contest + "awards/print/", awards.awards, name="awards-print"),
]
