from django.urls import path

from . import views

app_name = "premies"

urlpatterns = [
    path("simulator/", views.simulator_view, name="simulator"),
]
