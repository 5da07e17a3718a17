from django.urls import path

from exhibitions import views

app_name = "exhibitions"

urlpatterns = [
    path("exhibitions/", views.ExhibitionListView.as_view(), name="exhibition-list"),
    path(
        "exhibitions/<slug:slug>/",
        views.ExhibitionDetailView.as_view(),
        name="exhibition-detail",
    ),
    path(
        "exhibitions/<slug:exhibition_slug>/<slug:slug>/",
        views.SectionDetailView.as_view(),
        name="section-detail",
    ),
]
