class Refused(Exception):
    """A step the rules or the object's state do not allow; the message says why.

    `code` is "forbidden" (this person may not), "conflict" (the object's state does not
    allow it) or "invalid" (the input is wrong). Views show the message; the API maps the
    code to 403, 409 or 400.
    """

    def __init__(self, message, code="conflict"):
        super().__init__(message)
        self.message = message
        self.code = code
