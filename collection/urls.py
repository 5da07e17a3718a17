from django.urls import path

from collection import views
from collection.redirects import follow_merges

app_name = "collection"

urlpatterns = [
    path("collection/", views.ItemListView.as_view(), name="item-list"),
    # The permalink: the primary key never changes, even when an accession number is
    # corrected, so citations keep working.
    path("collection/objects/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    # A merged record's address leads to the record it was merged into.
    path("people/<int:pk>/", follow_merges(views.PersonDetailView), name="person-detail"),
    path("places/<int:pk>/", follow_merges(views.PlaceDetailView), name="place-detail"),
    path("subjects/<int:pk>/", follow_merges(views.SubjectDetailView), name="subject-detail"),
]
