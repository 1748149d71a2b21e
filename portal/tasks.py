from django.core.mail import EmailMultiAlternatives
from django_tasks import task


def email_message(*, subject, body, to, from_email=None, html_body=None, connection=None):
    """One email: the text, and its HTML alternative when there is one."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, connection=connection
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message


@task()
def send_email(*, subject, body, to, from_email=None, html_body=None):
    """Send one email through the configured email backend."""
    email_message(
        subject=subject, body=body, to=to, from_email=from_email, html_body=html_body
    ).send()
