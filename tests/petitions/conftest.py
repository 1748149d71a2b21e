import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests create hundreds of accounts; Argon2 would spend most of the run hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
