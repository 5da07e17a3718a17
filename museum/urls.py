from django.urls import path

from museum import search, views

app_name = "museum"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("logo/", views.logo, name="logo"),
    path("search/", search.SearchView.as_view(), name="search"),
]
