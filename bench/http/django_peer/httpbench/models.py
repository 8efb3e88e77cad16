from django.db import models


class Item(models.Model):
    """The table bench/http/app/main.cpp --setup creates and fills."""

    name = models.CharField(max_length=100)
    description = models.TextField()
    quantity = models.IntegerField()
    price = models.FloatField()

    class Meta:
        managed = False
        db_table = "httpbench_item"
