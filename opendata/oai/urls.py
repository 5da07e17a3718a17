"""OAI-PMH 2.0 for harvesters (aggregators, national portals, library catalogues)."""

from django.urls import path

from opendata.oai import views

app_name = "oai"

urlpatterns = [path("", views.endpoint, name="endpoint")]
