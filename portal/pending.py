"""What waits for a state body's answer besides petitions, for its daily digest.

The core cannot import the apps, and the petitions' clocks send the digest: platforms
registers the recommendations waiting for a body's answer from its AppConfig.ready, and the
clocks read every registered kind when they write each body's digest.
"""

from collections.abc import Callable

KINDS: dict[str, Callable] = {}


def register(kind, waiting):
    """Add `kind` to the digest: `waiting(today)` gives {body_id: [items]} of what waits for
    the answer of bodies with officials, in the order the digest lists them."""
    KINDS[kind] = waiting


def waiting_for_bodies(today):
    """{body_id: {kind: items}} of every registered kind (one query per kind)."""
    waiting = {}
    for kind, find in KINDS.items():
        for body_id, items in find(today).items():
            waiting.setdefault(body_id, {})[kind] = items
    return waiting
