from django.urls import path

from museum import views

app_name = "museum"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
