from django.http import HttpResponse
from django.urls import path

from httpbench.views import ItemList, ItemPage

urlpatterns = [
    path("ping", lambda request: HttpResponse("pong", content_type="text/plain")),
    path("items", ItemList.as_view()),
    path("api/httpbench/items/", ItemPage.as_view()),
]
