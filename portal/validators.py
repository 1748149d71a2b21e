"""Validators for Kazakhstan's individual (IIN) and business (BIN) identification numbers."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# Digit 7 of an IIN: (century of birth, sex).
CENTURY_DIGITS = {
    "1": (1800, "male"),
    "2": (1800, "female"),
    "3": (1900, "male"),
    "4": (1900, "female"),
    "5": (2000, "male"),
    "6": (2000, "female"),
}
ENTITY_TYPES = {"4": "resident", "5": "non_resident", "6": "joint_entrepreneurship"}
UNITS = {"0": "head_office", "1": "branch", "2": "representative_office", "3": "peasant_farm"}

IIN_MESSAGES = {
    "format": _("An IIN has exactly 12 digits."),
    "checksum": _("This IIN's check digit is wrong: please check for a typo."),
    "never_issued": _("This IIN was never issued."),
    "century": _("The 7th digit of an IIN must be 1 to 6."),
    "birth_date": _("The first six digits of an IIN must be a real birth date."),
    "future": _("The birth date in this IIN is in the future."),
}
BIN_MESSAGES = {
    "format": _("A BIN has exactly 12 digits."),
    "checksum": _("This BIN's check digit is wrong: please check for a typo."),
    "never_issued": _("This BIN was never issued."),
    "month": _("The 3rd and 4th digits of a BIN must be a month from 01 to 12."),
    "entity_type": _("The 5th digit of a BIN must be 4, 5 or 6."),
    "unit": _("The 6th digit of a BIN must be 0 to 3."),
}


@dataclass(frozen=True)
class IIN:
    """What an IIN says about its holder."""

    number: str
    birth_date: date
    sex: str


@dataclass(frozen=True)
class BIN:
    """What a BIN says about its organisation."""

    number: str
    registered: tuple[int, int]
    entity_type: str
    unit: str


def check_digit(first_eleven: str) -> int | None:
    """Return the check digit for the first 11 digits, or None if such a number is never issued."""
    digits = [int(d) for d in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        result = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if result != 10:
            return result
    return None


def _checked_digits(value, messages: dict) -> str:
    # str() lets a number typed into an integer field through; a lost leading zero then
    # fails the length check, as it should.
    number = str(value).strip()
    # isdigit() alone would accept other scripts' digits and superscripts.
    if len(number) != 12 or not (number.isascii() and number.isdigit()):
        raise ValidationError(messages["format"], code="format")
    expected = check_digit(number[:11])
    if expected is None:
        raise ValidationError(messages["never_issued"], code="never_issued")
    if expected != int(number[11]):
        raise ValidationError(messages["checksum"], code="checksum")
    return number


def parse_iin(value, *, today: date | None = None) -> IIN:
    """Return the birth date and sex in an IIN, or raise ValidationError."""
    number = _checked_digits(value, IIN_MESSAGES)
    if number[6] not in CENTURY_DIGITS:
        raise ValidationError(IIN_MESSAGES["century"], code="century")
    century, sex = CENTURY_DIGITS[number[6]]
    try:
        birth_date = date(century + int(number[0:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        raise ValidationError(IIN_MESSAGES["birth_date"], code="birth_date") from None
    if birth_date > (today or date.today()):
        raise ValidationError(IIN_MESSAGES["future"], code="birth_date")
    return IIN(number=number, birth_date=birth_date, sex=sex)


def validate_iin(value) -> None:
    """Django validator: raise ValidationError unless value is a valid IIN."""
    parse_iin(value)


def parse_bin(value) -> BIN:
    """Return the registration month, entity type and unit in a BIN, or raise ValidationError."""
    number = _checked_digits(value, BIN_MESSAGES)
    month = int(number[2:4])
    if not 1 <= month <= 12:
        raise ValidationError(BIN_MESSAGES["month"], code="month")
    if number[4] not in ENTITY_TYPES:
        raise ValidationError(BIN_MESSAGES["entity_type"], code="entity_type")
    if number[5] not in UNITS:
        raise ValidationError(BIN_MESSAGES["unit"], code="unit")
    return BIN(
        number=number,
        registered=(int(number[0:2]), month),
        entity_type=ENTITY_TYPES[number[4]],
        unit=UNITS[number[5]],
    )


def validate_bin(value) -> None:
    """Django validator: raise ValidationError unless value is a valid BIN."""
    parse_bin(value)


def age_on(birth_date: date, on_date: date) -> int:
    """Return the age in full years on on_date of someone born on birth_date."""
    birthday = (birth_date.month, birth_date.day)
    # Kazakh law ends a term counted in years on the last day of the month when the
    # matching date does not exist, so a 29 February birthday falls on 28 February.
    if birthday == (2, 29) and not calendar.isleap(on_date.year):
        birthday = (2, 28)
    return on_date.year - birth_date.year - ((on_date.month, on_date.day) < birthday)


def _with_check_digit(first_eleven_without_serial: str, serial: int, width: int) -> str:
    # About one number in 121 is never issued; the next serial almost always works,
    # because the last serial digit weighs 2 in the second pass.
    for bump in range(10**width):
        first_eleven = first_eleven_without_serial + f"{(serial + bump) % 10**width:0{width}d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return first_eleven + str(digit)
    raise AssertionError("unreachable: some serial always has a check digit")


def make_iin(birth_date: date, sex: str, serial: int) -> str:
    """Build a valid IIN (birth date not checked against today); digits 8-11 come from serial."""
    for digit, (century, digit_sex) in CENTURY_DIGITS.items():
        if digit_sex == sex and century <= birth_date.year < century + 100:
            prefix = f"{birth_date.year % 100:02d}{birth_date:%m%d}{digit}"
            return _with_check_digit(prefix, serial, 4)
    raise ValueError(f"No IIN for sex {sex!r} born in {birth_date.year}.")


def make_bin(
    year: int, month: int, entity_type: str = "resident", unit: str = "head_office", *, serial: int
) -> str:
    """Build a valid BIN for a full or two-digit year; digits 7-11 come from serial."""
    entity_digits = {name: digit for digit, name in ENTITY_TYPES.items()}
    unit_digits = {name: digit for digit, name in UNITS.items()}
    if not 1 <= month <= 12 or entity_type not in entity_digits or unit not in unit_digits:
        raise ValueError(f"No BIN for month {month}, {entity_type!r}, {unit!r}.")
    prefix = f"{year % 100:02d}{month:02d}{entity_digits[entity_type]}{unit_digits[unit]}"
    return _with_check_digit(prefix, serial, 5)


# Unicode's bidirectional embeddings, overrides and isolates: in a name or a title they make
# the text read otherwise than it is stored (a "Trojan Source" trick), and spill into the page.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_plain_text(value):
    """Refuse markup and bidirectional controls in a short text field: names are plain text."""
    if strip_tags(value) != value or "<" in value or ">" in value:
        raise ValidationError(_("Use plain text, without < or >."), code="markup")
    if not BIDI_CONTROLS.isdisjoint(value):
        raise ValidationError(
            _("Remove the invisible characters that change the direction of the text."),
            code="bidi_control",
        )
