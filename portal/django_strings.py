"""Django's own messages that its Kazakh catalogue leaves untranslated.

Listed here so that `makemessages` carries them into the portal's catalogue, which Django
reads first; nothing imports this module.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

MISSING_IN_DJANGOS_KAZAKH = [
    gettext_lazy("Enter a valid email address."),
    gettext_lazy("Null characters are not allowed."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
