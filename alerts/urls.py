from django.urls import path

from . import views

urlpatterns = [
    path("peringatan/berlangganan/", views.subscribe, name="alert_subscribe"),
    path("peringatan/konfirmasi/<str:token>/", views.confirm, name="alert_confirm"),
    path("peringatan/berhenti/<str:token>/", views.unsubscribe, name="alert_unsubscribe"),
]
