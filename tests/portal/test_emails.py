"""Every email in its recipient's language, as text with an HTML alternative (design §4.6)."""

import html

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from petitions import services
from petitions.models import GroundVersion
from platforms.models import OrganizationMember, PlatformMembership, Proposal
from portal.notifications import render_email
from tests.factories import OrganizationMemberFactory, UserFactory, make_petition
from tests.platforms.factories import MeetingFactory, PlatformMembershipFactory, ProposalFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]
GREETING = {
    "kk": "Сәлеметсіз бе, Айгерим!",
    "ru": "Здравствуйте, Айгерим!",
    "en": "Hello, Айгерим!",
}


def petition_context():
    petition = make_petition("in_moderation")
    return {"petition": petition, "event": petition.events.get(action="submitted")}


def live_context():
    from petitions.notifications import live_email_context

    petition = make_petition("gathering_support")
    return live_email_context(petition, petition.events.get(action="published"))


def membership_context(status):
    membership = OrganizationMemberFactory(status=status)
    return {"membership": membership}


def platform_membership_context():
    return {"membership": PlatformMembershipFactory(status=PlatformMembership.Status.APPROVED)}


# Each email: what its context needs, and the start of its subject in each language.
EMAILS = {
    "petition_submitted": (petition_context, {
        "kk": "Петиция модерацияны күтуде", "ru": "Петиция ожидает модерации",
        "en": "A petition waits for moderation"}),
    "petition_live": (live_context, {
        "kk": "Петицияңыз іске қосылды", "ru": "Ваша петиция запущена",
        "en": "Your petition is live"}),
    "petition_answered": (lambda: {"petition": make_petition("in_moderation")}, {
        "kk": "Сіз қол қойған петицияға жауап берілді",
        "ru": "Получен ответ на подписанную вами петицию",
        "en": "A petition you signed was answered"}),
    "ngo_member_request": (lambda: membership_context(OrganizationMember.Status.PENDING), {
        "kk": "ҮЕҰ-ға кіруге жаңа өтініш", "ru": "Заявка на вступление в вашу НПО",
        "en": "A request to join your NGO"}),
    "ngo_member_decision": (lambda: membership_context(OrganizationMember.Status.APPROVED), {
        "kk": "Сіз ҮЕҰ мүшесі болдыңыз", "ru": "Вы приняты в члены НПО",
        "en": "You are a member of the NGO"}),
    "platform_application": (platform_membership_context, {
        "kk": "Алаңға жаңа өтінім", "ru": "Новая заявка на участие в площадке",
        "en": "A new application to the platform"}),
    "platform_membership_decision": (platform_membership_context, {
        "kk": "Өтінім мақұлданды", "ru": "Заявка одобрена", "en": "Application approved"}),
    "meeting_scheduled": (lambda: {"meeting": MeetingFactory()}, {
        "kk": "Жаңа отырыс", "ru": "Новое заседание", "en": "A new meeting"}),
    "proposal_submitted": (lambda: {"proposal": ProposalFactory()}, {
        "kk": "Жаңа ұсыныс", "ru": "Новое предложение", "en": "A new proposal"}),
    "proposal_decision": (
        lambda: {"proposal": ProposalFactory(status=Proposal.Status.ON_AGENDA)}, {
            "kk": "Ұсынысыңыз күн тәртібіне енгізілді",
            "ru": "Ваше предложение включено в повестку",
            "en": "Your proposal is on the agenda"}),
}  # fmt: skip


def discussion_context():
    from datetime import date

    petition = make_petition("under_consideration")
    petition.discussion_date, petition.discussion_link = date(2027, 3, 1), "https://meet.gov.kz/p"
    return {"petition": petition}


def digest_context():
    petition = make_petition("under_consideration")
    petition.clock_days_left, petition.clock_days_overdue = 4, 0
    return {"body": petition.addressee, "petitions": [petition]}


# The escalations of the legal clocks (manage.py run_clocks) and the discussion's notice.
EMAILS.update({
    "discussion_scheduled": (discussion_context, {
        "kk": "Петицияны қоғамдық талқылау", "ru": "Общественное обсуждение петиции",
        "en": "Public discussion of the petition"}),
    "clock_warning": (lambda: {"petition": make_petition("under_consideration"),
                               "clock": "consideration_deadline", "days_left": 2}, {
        "kk": "Заңды мерзім жақындады", "ru": "Установленный законом срок на исходе",
        "en": "A legal deadline is near"}),
    "clock_missed": (lambda: {"petition": make_petition("in_moderation"),
                              "clock": "moderation_deadline"}, {
        "kk": "Заңды мерзім өтіп кетті", "ru": "Установленный законом срок пропущен",
        "en": "A legal deadline was missed"}),
    "clock_digest": (digest_context, {
        "kk": "Қазақстан Республикасының Үкіметі жауабын күтіп тұр",
        "ru": "Ждёт ответа органа: Правительство Республики Казахстан",
        "en": "Waiting for the answer of Government"}),
})  # fmt: skip


def assert_html_alternative(message, language, *texts):
    """The email carries an HTML version in `language` that says the same `texts`."""
    alternatives = [
        content for content, mimetype in message.alternatives if mimetype == "text/html"
    ]
    assert len(alternatives) == 1
    page = html.unescape(alternatives[0])
    assert f'<html lang="{language}">' in page
    for text in texts:
        assert text in page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", sorted(EMAILS))
def test_each_email_is_written_in_its_recipients_language(template, language):
    build, subjects = EMAILS[template]
    context = build()
    recipient = UserFactory(first_name="Айгерим", preferred_language=language)
    # The person whose action sends it reads another language.
    with translation.override("kk" if language != "kk" else "en"):
        message = render_email(template, recipient, context)
    assert message["subject"].startswith(subjects[language])
    assert message["to"] == [recipient.email]
    assert GREETING[language] in message["body"]
    assert settings.SITE_URL in message["body"]
    page = html.unescape(message["html_body"])
    assert f'<html lang="{language}">' in page
    assert message["subject"] in page
    assert f'href="{settings.SITE_URL}' in page


REJECTED = {
    "kk": "Петицияңыз қабылданбады", "ru": "Ваша петиция отклонена",
    "en": "Your petition was rejected",
}  # fmt: skip
REASON = {"kk": "Себебі:", "ru": "Причина:", "en": "Reason:"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rejection_gives_the_reason_and_its_legal_basis_in_the_authors_language(
    language, petition_moderator, django_capture_on_commit_callbacks
):
    author = UserFactory(iin=True, first_name="Айгерим", preferred_language=language)
    petition = make_petition("in_moderation", author=author)
    reason = GroundVersion.objects.in_force(petition.submitted_day).get(ground__code="unclear")
    mail.outbox.clear()
    # The moderator works in another language than the author's.
    moderators_language = "kk" if language != "kk" else "ru"
    with (
        translation.override(moderators_language),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reject_petition(
            petition=petition, moderator=petition_moderator, reason=reason,
            explanation="Требование не сформулировано.",
        )  # fmt: skip
    [message] = mail.outbox
    title = getattr(reason, f"title_{language}")
    basis = getattr(reason, f"legal_basis_{language}")
    assert message.subject.startswith(REJECTED[language])
    assert f"{REASON[language]} {title} ({basis})" in message.body
    assert "Требование не сформулировано." in message.body
    assert_html_alternative(message, language, REASON[language], title, basis)


ACCOUNT_GREETING = {
    "kk": "Qogam сайтынан сәлем!",
    "ru": "Вас приветствует Qogam!",
    "en": "Hello from Qogam!",
}
RESET_SUBJECT = {
    "kk": "Құпиясөзді қалпына келтіру хаты",
    "ru": "Письмо для сброса пароля",
    "en": "Password Reset Email",
}
CONFIRM_SUBJECT = {
    "kk": "Электрондық пошта мекенжайыңызды растаңыз",
    "ru": "Пожалуйста, подтвердите Ваш адрес электронной почты",
    "en": "Please Confirm Your Email Address",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_reset_email_names_the_site_in_the_accounts_language(
    language, client, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language=language)
    # The page is in another language than the account's.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk" if language != "kk" else "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    assert message.subject == f"Qogam: {RESET_SUBJECT[language]}"
    assert message.body.startswith(ACCOUNT_GREETING[language])
    assert "/accounts/password/reset/key/" in message.body
    assert_html_alternative(message, language, ACCOUNT_GREETING[language], "/accounts/password/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_verification_email_greets_from_the_site_in_the_chosen_language(
    language, client, django_capture_on_commit_callbacks
):
    from tests.portal.test_accounts import signup_data

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk" if language != "kk" else "ru"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), signup_data(preferred_language=language))
    [message] = mail.outbox
    assert message.subject == f"Qogam: {CONFIRM_SUBJECT[language]}"
    assert message.body.startswith(ACCOUNT_GREETING[language])
    assert "Hello from !" not in message.body and "Qogam" in message.body
    assert_html_alternative(
        message, language, ACCOUNT_GREETING[language], "/accounts/confirm-email/"
    )


@pytest.mark.parametrize("language", ["ru", "en"])
def test_signers_told_of_an_answer_read_it_in_their_language_with_an_html_version(language):
    from petitions.tasks import notify_signers_of_answer

    petition = make_petition("open")
    signer = UserFactory(iin=True, first_name="Айгерим", preferred_language=language)
    services.sign_petition(petition=petition, user=signer, notify_on_answer=True)
    mail.outbox.clear()
    notify_signers_of_answer.call(petition_id=petition.pk)
    [message] = mail.outbox
    subject = EMAILS["petition_answered"][1][language]
    assert message.to == [signer.email]
    assert message.subject.startswith(subject)
    assert GREETING[language] in message.body
    assert_html_alternative(message, language, subject, GREETING[language])
