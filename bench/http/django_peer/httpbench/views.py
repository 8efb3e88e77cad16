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
