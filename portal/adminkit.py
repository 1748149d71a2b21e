"""The admin's kit for pages whose changes the services make.

Django runs an admin's add, change and delete pages in one transaction of its own. A service
opens its own at the outer edge (`atomic(durable=True)`), so that what it promises after
commit (its event, its emails) is never held back or rolled back by a caller: the admin
pages that call services therefore open none around them.
"""

from django.contrib.admin.options import csrf_protect_m


class ServiceTransactions:
    """Add, change and delete pages whose saving is a service's own transaction."""

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._changeform_view(request, object_id, form_url, extra_context)

    @csrf_protect_m
    def delete_view(self, request, object_id, extra_context=None):
        return self._delete_view(request, object_id, extra_context)
