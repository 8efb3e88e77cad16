"""bench/rest's peer database: Django's tables (auth, DRF's tokens), the
httpbench_item table with the same 100 rows bench/http's app writes, a user
and its DRF token, printed alone on stdout. BENCH_DB names the database;
run with BENCH_AUTH=token and the peer (bench/http/django_peer) on sys.path."""
import io
import os
import sys

sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
import django  # noqa: E402

django.setup()
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from httpbench.models import Item  # noqa: E402

call_command("migrate", verbosity=0, stdout=io.StringIO())
with connection.schema_editor() as editor:
    if Item._meta.db_table in connection.introspection.table_names():
        editor.delete_model(Item)
    editor.create_model(Item)
Item.objects.bulk_create(
    Item(id=i + 1, name=f"item number {i}",
         description=f"a plain description of item {i}, long enough to be typical",
         quantity=i * 3, price=i * 1.25)
    for i in range(100))
user = User.objects.create_user("bench", password="bench-password-1")
print(Token.objects.create(user=user).key)
