"""The Django admin speaks Kazakh and Russian (issue 12, point 6): its titles, every model's
names, the fields, columns, filters and actions, and Django's own words on its pages."""

import re

import pytest
from django.contrib.admin import site
from django.contrib.admin.utils import label_for_field
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Words that stay Latin in every language.
KEPT = {"ISO", "IIN", "PDF", "URL", "API", "Qogam", "Email", "email", "HTML", "CSV", "JSON"}


def latin(text):
    return [word for word in LATIN_WORD.findall(str(text)) if word not in KEPT]


def labels(request):
    """Every label the admin shows, as (where, text), in the active language."""
    for model, model_admin in site._registry.items():
        name = model._meta.label
        yield name, model._meta.verbose_name
        yield name, model._meta.verbose_name_plural
        yield name, model._meta.app_config.verbose_name
        for field in model_admin.get_list_display(request):
            if field != "action_checkbox":
                yield f"{name} column {field}", label_for_field(field, model, model_admin)
        for entry in model_admin.get_list_filter(request):
            field = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(field, str):
                yield f"{name} filter {field}", label_for_field(field.split("__")[0], model)
            else:
                yield f"{name} filter {field.__name__}", field.title
        for action, (_func, _name, description) in model_admin.get_actions(request).items():
            yield (
                f"{name} action {action}",
                str(description) % {"verbose_name_plural": model._meta.verbose_name_plural},
            )
        form = model_admin.get_form(request)
        for field_name, field in form.base_fields.items():
            yield f"{name} field {field_name}", field.label or field_name


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_admin_label_is_translated(admin, language):
    request = RequestFactory().get("/admin/")
    request.user = admin
    with translation.override(language):
        untranslated = sorted(f"{where}: {text}" for where, text in labels(request) if latin(text))
    assert untranslated == [], "\n".join(untranslated)


CHROME = ["View site", "Recent actions", "Model name", "Add link", "Toggle theme", "Sidebar",
          "Django", "Даңғо", "Breadcrumbs", "Start typing to filter", "Show counts",
          "Select this object", "Models in the"]  # fmt: skip


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_admin_pages_speak_the_readers_language(client, admin, language):
    from tests.factories import make_petition

    make_petition("open")
    client.force_login(admin)
    client.cookies["django_language"] = language
    pages = [reverse("admin:index")]
    for model in site._registry:
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        row = model._default_manager.first()
        if row is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[row.pk]))
    found = []
    for page in pages:
        text = client.get(page).text
        found += [f"{page}: {word}" for word in CHROME if word in text]
    assert found == []
    index = client.get(reverse("admin:index")).text
    title = {"kk": "Qogam әкімшілігі", "ru": "Администрирование Qogam"}[language]
    assert f">{title}<" in index
