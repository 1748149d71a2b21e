class Refused(Exception):
    """A step the rules or the object's state do not allow; the message says why.

    `code` is "forbidden" (this person may not), "conflict" (the object's state does not
    allow it) or "invalid" (the input is wrong), or a narrower code of the app's own such as
    "window_closed" (too late to sign). Views show the message; the API maps the code to
    403, 409 or 400 (portal.api.REFUSED_STATUS).
    """

    def __init__(self, message, code="conflict"):
        super().__init__(message)
        self.message = message
        self.code = code
