"""Who may do what with a petition, by role and by the petition's state (design §1, §4)."""

import rules

from portal.rules import is_admin, is_citizen, is_official_of
from portal.rules import is_petition_moderator as in_moderator_group


@rules.predicate
def is_author(user, petition):
    """The person who wrote the petition."""
    return petition is not None and user.is_authenticated and petition.author_id == user.pk


def in_status(*statuses):
    """A predicate: the petition is in one of these states."""

    @rules.predicate(name=f"in_status({','.join(statuses)})")
    def predicate(user, petition):
        return petition is not None and petition.status in statuses

    return predicate


is_petition_moderator = in_moderator_group | is_admin

is_draft = in_status("draft")
is_in_moderation = in_status("in_moderation")
is_open = in_status("open")
is_hidden = in_status("hidden")
is_under_consideration = in_status("under_consideration")
is_public = in_status(
    "gathering_support", "open", "under_consideration", "answered", "closed", "rejected",
    "lapsed", "withdrawn",
)  # fmt: skip
is_signable = in_status("gathering_support", "open", "under_consideration")
is_answered = in_status("answered")


@rules.predicate
def is_addressee_official(user, petition):
    """An official currently appointed to the state body the petition is addressed to."""
    return petition is not None and is_official_of(user, petition.addressee)


# The addressee's steps: its officials take them, or petition moderators on its behalf.
acts_for_addressee = is_addressee_official | is_petition_moderator

rules.add_perm("petitions.see_petition", is_public | is_author | is_petition_moderator)
rules.add_perm("petitions.file_petition", is_citizen)
rules.add_perm("petitions.edit_petition", is_author & is_draft)
rules.add_perm("petitions.delete_draft", is_author & is_draft)
rules.add_perm("petitions.submit_petition", is_author & is_draft & is_citizen)
rules.add_perm("petitions.withdraw_petition", is_author & is_open)
rules.add_perm("petitions.moderate_petitions", is_petition_moderator)
rules.add_perm("petitions.publish_petition", is_petition_moderator & is_in_moderation)
rules.add_perm("petitions.return_petition", is_petition_moderator & is_in_moderation)
rules.add_perm("petitions.reject_petition", is_petition_moderator & is_in_moderation)
rules.add_perm("petitions.hide_petition", is_petition_moderator & ~is_hidden)
rules.add_perm("petitions.restore_petition", is_petition_moderator & is_hidden)
rules.add_perm("petitions.record_response", is_petition_moderator & is_under_consideration)
rules.add_perm("petitions.invalidate_signatures", is_petition_moderator & is_signable)
rules.add_perm("petitions.sign_petition", is_citizen & is_signable)
rules.add_perm("petitions.withdraw_signature", rules.is_authenticated & is_open)

# The state body's workspace (the object is a petition addressed to it)
rules.add_perm("petitions.answer_petition", acts_for_addressee & is_under_consideration)
rules.add_perm("petitions.schedule_discussion", acts_for_addressee & is_under_consideration)
rules.add_perm(
    "petitions.post_media_statement", acts_for_addressee & (is_under_consideration | is_answered)
)
rules.add_perm("petitions.attach_signed_answer", acts_for_addressee & is_answered)
