from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("events/<slug:slug>.ics", views.event_ics, name="event-ics"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
]
