"""Who may do what with a petition, by role and by the petition's state (design §1, §4)."""

import rules

from portal.rules import add_step, is_admin, is_citizen, is_official_of
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

# Steps: who may take them, and in which states (portal.rules.add_step).
add_step("petitions.file_petition", is_citizen)
add_step("petitions.edit_petition", is_author, is_draft)
# An administrator clears away abandoned drafts too (from the admin, through the service).
add_step("petitions.delete_draft", is_author | is_admin, is_draft)
add_step("petitions.submit_petition", is_author & is_citizen, is_draft)
add_step("petitions.withdraw_petition", is_author, is_open)
add_step("petitions.moderate_petitions", is_petition_moderator)
# Petition moderators keep the register of grounds for rejection.
add_step("petitions.edit_grounds", is_petition_moderator)
add_step("petitions.publish_petition", is_petition_moderator, is_in_moderation)
add_step("petitions.return_petition", is_petition_moderator, is_in_moderation)
add_step("petitions.reject_petition", is_petition_moderator, is_in_moderation)
add_step("petitions.hide_petition", is_petition_moderator, ~is_hidden)
add_step("petitions.restore_petition", is_petition_moderator, is_hidden)
add_step("petitions.record_response", is_petition_moderator, is_under_consideration)
add_step("petitions.invalidate_signatures", is_petition_moderator, is_signable)
add_step("petitions.sign_petition", is_citizen, is_signable)
add_step("petitions.withdraw_signature", rules.is_authenticated, is_open)

# The state body's workspace (the object is a petition addressed to it)
add_step("petitions.answer_petition", acts_for_addressee, is_under_consideration)
add_step("petitions.schedule_discussion", acts_for_addressee, is_under_consideration)
add_step("petitions.post_media_statement", acts_for_addressee,
         is_under_consideration | is_answered)  # fmt: skip
add_step("petitions.attach_signed_answer", acts_for_addressee, is_answered)
