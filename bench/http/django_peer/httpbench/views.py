from rest_framework import generics, serializers

from httpbench.models import Item


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "name", "description", "quantity", "price"]


class ItemList(generics.ListAPIView):
    """The first 20 items by id, as the cpprustango app's /items lists them."""

    serializer_class = ItemSerializer

    def get_queryset(self):
        return Item.objects.order_by("id")[:20]


class ItemPage(generics.ListAPIView):
    """bench/rest's peer: a page of 20 items with count, next and previous, for an authenticated token."""

    serializer_class = ItemSerializer
    queryset = Item.objects.order_by("id")
