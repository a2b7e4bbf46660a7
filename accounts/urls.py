"""Account pages: allauth's under their own names, and Birge's "accounts:" names.

allauth reverses its URLs by plain names ("account_login"), so its patterns are
included here without a namespace; this module therefore sets no app_name, and
Birge's names live in the nested "accounts" namespace instead. "accounts:login"
and "account_login" are one path; the first pattern matching a path serves it,
so the form pages listed before allauth's are Birge's subclasses (accounts/views).
"""

from allauth.account import views as allauth_views
from django.urls import URLPattern, URLResolver, include, path, re_path

from . import views

birge_patterns: list[URLPattern | URLResolver] = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("profile/", views.profile, name="profile"),
]

# The same paths as allauth's own (allauth/account/urls.py), served by Birge's views.
form_pages: list[URLPattern | URLResolver] = [
    path("email/", views.EmailView.as_view()),
    path("password/change/", views.PasswordChangeView.as_view()),
    path("password/set/", views.PasswordSetView.as_view()),
    path("password/reset/", views.PasswordResetView.as_view()),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((birge_patterns, "accounts"))),
    *form_pages,
    path("", include("allauth.account.urls")),
]
