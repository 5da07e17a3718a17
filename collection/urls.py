from django.urls import path

from collection import views

app_name = "collection"

urlpatterns = [
    path("collection/", views.ItemListView.as_view(), name="item-list"),
    # The permalink: the primary key never changes, even when an accession number is
    # corrected, so citations keep working.
    path("collection/objects/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("places/<int:pk>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("subjects/<int:pk>/", views.SubjectDetailView.as_view(), name="subject-detail"),
]
