#!/usr/bin/env python3
"""Writes the projects bench/migrations measures; not meant to be run by hand.

  apps APPS
      The names of APPS apps, one line.

  models PROJECT DJANGO_DIR APPS MODELS [--extra]
      The schema of APPS apps x MODELS models, twice: apps/<app>/models.schema
      into the cpprustango project PROJECT (its apps made with make:app) and,
      unless DJANGO_DIR is "-", the same models as Django 3.2 models.py files
      in a Django project at DJANGO_DIR (written whole, with manage.py and
      settings). --extra adds one field to the first model of the first app,
      in both (the "one field added" step).

  history PROJECT CPPRUSTANGO COUNT
      A long history, made the way a project makes it: COUNT times, one change
      to the schema files of the cpprustango project PROJECT, then
      `cpprustango makemigrations`. Step N adds a column to one model; every
      tenth step instead indexes an earlier added column, every fiftieth adds a
      model, so the history holds the operations a project accumulates.
"""
import os
import re
import sys

APPS = ["accounts", "catalog", "orders", "billing", "inventory",
        "support", "crm", "events", "media", "reports"]

NOUNS = ["Account", "Address", "Article", "Asset", "Attachment", "Badge", "Booking", "Brand",
         "Campaign", "Category", "Channel", "Comment", "Company", "Contact", "Contract", "Coupon",
         "Device", "Discount", "Document", "Employee", "Event", "Feedback", "Invoice", "Issue",
         "Label", "Lead", "Location", "Message", "Note", "Notification", "Offer", "Order",
         "Payment", "Plan", "Product", "Profile", "Project", "Quote", "Refund", "Region",
         "Report", "Review", "Schedule", "Shipment", "Subscription", "Supplier", "Task", "Team",
         "Ticket", "Voucher"]


def model_names(count):
    """MODELS distinct PascalCase names: the nouns, then the nouns with a number."""
    return [NOUNS[i % len(NOUNS)] + (str(i // len(NOUNS) + 1) if i >= len(NOUNS) else "") for i in range(count)]


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def model_fields(names, i):
    """(name, cpprustango line, Django line) per field of model i of an app.

    Mixed types as a real app has them: an indexed string, a unique code, an
    optional text, an integer with a default, a choice, a creation timestamp, a
    reference to the app's first model and (after it) one to the previous model.
    """
    fields = [
        ("name", "string(120) @index", "models.CharField(max_length=120, db_index=True)"),
        ("code", "string(32) @unique", "models.CharField(max_length=32, unique=True)"),
        ("notes", "text?", "models.TextField(null=True)"),
        ("quantity", "int @default(0)", "models.IntegerField(default=0)"),
        ("status", "choice(draft, active, archived) @default(draft)",
         "models.CharField(max_length=8, choices=STATUS, default='draft')"),
        ("created_at", "datetime @auto_now_add", "models.DateTimeField(auto_now_add=True)"),
    ]
    if i > 0:
        fields.append(("owner", f"ref({names[0]}) @on_delete(cascade)",
                       f"models.ForeignKey('{names[0]}', on_delete=models.CASCADE)"))
    if i > 1:
        fields.append(("previous", f"ref({names[i - 1]})? @on_delete(set_null)",
                       f"models.ForeignKey('{names[i - 1]}', null=True, on_delete=models.SET_NULL, related_name='+')"))
    return fields


def schema_text(names, extra):
    out = []
    for i, name in enumerate(names):
        out.append(f"model {name} {{")
        for field, cpp, _ in model_fields(names, i):
            if field == "previous":
                cpp += ' @related_name("+")'
            out.append(f"  {field} {cpp}")
        if extra and i == 0:
            out.append("  archived_at datetime?")
        if i % 5 == 0:
            out.append("")
            out.append("  @@index([status, created_at])")
        out.append("}")
        out.append("")
    return "\n".join(out)


def django_models_text(names, extra):
    out = ["from django.db import models", "", "STATUS = [('draft', 'draft'), ('active', 'active'), ('archived', 'archived')]", ""]
    for i, name in enumerate(names):
        out.append("")
        out.append(f"class {name}(models.Model):")
        for field, _, django in model_fields(names, i):
            out.append(f"    {field} = {django}")
        if extra and i == 0:
            out.append("    archived_at = models.DateTimeField(null=True)")
        if i % 5 == 0:
            out.append("")
            out.append("    class Meta:")
            out.append("        indexes = [models.Index(fields=['status', 'created_at'])]")
        out.append("")
    return "\n".join(out)


DJANGO_SETTINGS = """\
SECRET_KEY = "benchmark-only-not-a-secret"
DEBUG = False
INSTALLED_APPS = {apps!r}
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
"""

MANAGE_PY = """\
#!/usr/bin/env python3
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def app_names(count):
    return APPS[:count] + [f"app{n}" for n in range(len(APPS), count)]


def write_models(project, django, app_count, model_count, extra):
    apps = app_names(app_count)
    names = model_names(model_count)
    for n, app in enumerate(apps):
        first = extra and n == 0
        write(os.path.join(project, "apps", app, "models.schema"), schema_text(names, first))
        if django != "-":
            write(os.path.join(django, app, "__init__.py"), "")
            write(os.path.join(django, app, "models.py"), django_models_text(names, first))
            write(os.path.join(django, app, "migrations", "__init__.py"), "")
    if django != "-":
        write(os.path.join(django, "manage.py"), MANAGE_PY)
        write(os.path.join(django, "benchsite", "__init__.py"), "")
        write(os.path.join(django, "benchsite", "settings.py"), DJANGO_SETTINGS.format(apps=apps))


def evolve(project, step):
    """Step N (from 1) of the long history, in the project's schema files."""
    apps = sorted(os.listdir(os.path.join(project, "apps")))
    # Rotates over the apps within every ten steps, and from one tenth step to the next.
    app = apps[(step + step // 10) % len(apps)]
    path = os.path.join(project, "apps", app, "models.schema")
    text = open(path).read()
    if step % 50 == 0:
        text += f"\nmodel Added{step} {{\n  title string(200)\n  body text?\n  created_at datetime @auto_now_add\n}}\n"
    elif step % 10 == 0 and re.search(r"^  f\d+ \S+$", text, re.M):
        # Index the app's newest added column that has no index yet.
        column = re.findall(r"^  (f\d+) \S+$", text, re.M)[-1]
        text = re.sub(rf"^  {column} (\S+)$", rf"  {column} \1 @index", text, flags=re.M)
    else:
        blocks = re.findall(r"^model (\w+) \{$", text, re.M)
        model = blocks[(step // len(apps)) % len(blocks)]
        start = text.index(f"model {model} {{\n")
        end = text.index("\n}", start)
        kinds = ["int?", "string(80)?", "bool @default(false)", "datetime?", "text?", "decimal(10, 2)?"]
        text = text[:end] + f"\n  f{step} {kinds[step % len(kinds)]}" + text[end:]
    with open(path, "w") as f:
        f.write(text)


def history(project, cli, count):
    import subprocess

    for step in range(1, count + 1):
        evolve(project, step)
        done = subprocess.run([cli, "makemigrations"], cwd=project, capture_output=True, text=True)
        if done.returncode != 0 or "Created migrations/" not in done.stdout + done.stderr:
            sys.exit(f"step {step}: cpprustango makemigrations failed:\n{done.stdout}{done.stderr}")


def main(argv):
    if len(argv) == 2 and argv[0] == "apps":
        print(" ".join(app_names(int(argv[1]))))
    elif len(argv) in (5, 6) and argv[0] == "models" and argv[5:] in ([], ["--extra"]):
        write_models(argv[1], argv[2], int(argv[3]), int(argv[4]), argv[5:] == ["--extra"])
    elif len(argv) == 4 and argv[0] == "history":
        history(argv[1], argv[2], int(argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
