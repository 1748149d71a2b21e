"""Django's own messages (and its packages') that their catalogues leave untranslated.

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

# The admin's words that Django's Kazakh catalogue lacks (its Russian one has them).
MISSING_IN_DJANGOS_ADMIN = [
    gettext_lazy("Authentication and Authorization"),
    gettext_lazy("Password-based authentication"),
    gettext_lazy("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_lazy("Reset password"),
    gettext_lazy(
        "The groups this user belongs to. A user will get all permissions granted to each of "
        "their groups."
    ),
    gettext_lazy("Specific permissions for this user."),
    gettext_lazy("Designates whether the user can log into this admin site."),
    gettext_lazy(
        "Designates whether this user should be treated as active. Unselect this instead of "
        "deleting accounts."
    ),
    gettext_lazy("Breadcrumbs"),
    gettext_lazy("Models in the %(name)s application"),
    gettext_lazy("Model name"),
    gettext_lazy("Add link"),
    gettext_lazy("Change or view list link"),
    gettext_lazy("View site"),
    gettext_lazy("Hide counts"),
    gettext_lazy("Show counts"),
    gettext_lazy("Clear all filters"),
    gettext_lazy("Remove from sorting"),
    gettext_lazy("Sorting priority: %(priority_number)s"),
    gettext_lazy("Toggle sorting"),
    gettext_lazy("Toggle theme (current theme: auto)"),
    gettext_lazy("Toggle theme (current theme: light)"),
    gettext_lazy("Toggle theme (current theme: dark)"),
    gettext_lazy("Recent actions"),
    gettext_lazy("My actions"),
    gettext_lazy("Toggle navigation"),
    gettext_lazy("Sidebar"),
    gettext_lazy("Start typing to filter…"),
    gettext_lazy("Filter navigation items"),
    gettext_lazy("Change selected %(model)s"),
    gettext_lazy("Add another %(model)s"),
    gettext_lazy("Delete selected %(model)s"),
    gettext_lazy("View selected %(model)s"),
    gettext_lazy("Select all objects on this page for an action"),
    gettext_lazy("Select this object for an action - {}"),
    gettext_lazy("Select %s to view"),
    gettext_lazy("Currently:"),
    gettext_lazy("Change:"),
    gettext_lazy("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_lazy("View"),
    gettext_lazy("Save and view"),
    gettext_lazy("Close"),
    gettext_lazy("Objects"),
    gettext_lazy("Summary"),
    gettext_lazy("Yes, I’m sure"),
    gettext_lazy("No, take me back"),
    gettext_lazy("Administration"),
    gettext_lazy("%(app)s administration"),
    gettext_lazy("Set password"),
    gettext_lazy("Disable password-based authentication"),
    gettext_lazy("Enable password-based authentication"),
    gettext_lazy("You don’t have permission to view or edit anything."),
    gettext_lazy("Added:"),
    gettext_lazy("Changed:"),
    gettext_lazy("Deleted:"),
]

# django-tasks-db's names of its model and fields, which it ships no catalogue for.
TASK_RESULTS = [
    gettext_lazy("Task Result"),
    gettext_lazy("Task Results"),
    gettext_lazy("status"),
    gettext_lazy("enqueued at"),
    gettext_lazy("started at"),
    gettext_lazy("finished at"),
    gettext_lazy("args kwargs"),
    gettext_lazy("priority"),
    gettext_lazy("task path"),
    gettext_lazy("worker id"),
    gettext_lazy("queue name"),
    gettext_lazy("backend name"),
    gettext_lazy("run after"),
    gettext_lazy("return value"),
    gettext_lazy("exception class path"),
    gettext_lazy("traceback"),
]
