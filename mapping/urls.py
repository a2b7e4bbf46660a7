from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("", views.home, name="home"),
    path("towns/<slug:slug>/", views.town, name="town"),
]
