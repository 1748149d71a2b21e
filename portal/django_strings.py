"""Django's own messages that its Kazakh catalogue leaves untranslated.

Listed here so that `makemessages` carries them into the portal's catalogue, which Django
reads first; nothing imports this module.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

MISSING_IN_DJANGOS_KAZAKH = [
    gettext_lazy("Enter a valid email address."),
    gettext_lazy("Null characters are not allowed."),
    # django.contrib.auth.password_validation
    gettext_lazy("Your password can’t be too similar to your other personal information."),
    gettext_lazy("Your password can’t be a commonly used password."),
    gettext_lazy("Your password can’t be entirely numeric."),
    gettext_lazy("The password is too similar to the %(verbose_name)s."),
    gettext_lazy("This password is too common."),
    gettext_lazy("This password is entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    # django.forms
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
