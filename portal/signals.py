"""The core's hooks that apps connect to (the core never imports an app).

`iin_signatures_to_review` is sent inside the transaction that moves an IIN: the signatures
made under `signer_key` by the account `holder` must go to the moderators' review, for
`reason` ("proven_elsewhere": another person proved this IIN with a digital signature;
"replaced": the holder proved another IIN than the one they declared).
"""

from django.dispatch import Signal

iin_signatures_to_review = Signal()
