"""Money: integer minor units, refusal of floats, parsing what a cashier types, and locale-free formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.errors import InvalidInput, KioskError
from kiosk.domain.money import MAX_MINOR, Money, exponent

CURRENCIES = ["THB", "USD", "JPY", "KWD"]  # two, zero and three decimal places


def _number_text(money: Money) -> str:
    """The amount the way plain() writes it, without the currency code: '1,250.50'."""
    return f"{money.to_decimal():,.{exponent(money.currency)}f}"


# --- construction ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [1.5, 1.0, Decimal("1"), "1", True, None])
def test_minor_units_must_be_an_int(bad: object) -> None:
    with pytest.raises(TypeError):
        Money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["TH", "THBB", "12B", "", "฿฿฿"])
def test_unknown_currency_codes_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        Money(100, bad)
    assert excinfo.value.code == "money.bad_currency"


def test_currency_code_is_normalised_to_upper_case() -> None:
    assert Money(100, "thb") == Money(100, "THB")


def test_from_decimal_refuses_float_and_rounds_half_up() -> None:
    with pytest.raises(TypeError):
        Money.from_decimal(1.25)  # type: ignore[arg-type]
    assert Money.from_decimal(Decimal("1.005")) == Money(101)
    assert Money.from_decimal(Decimal("1.004")) == Money(100)
    assert Money.from_decimal(Decimal("125.5"), "JPY") == Money(126, "JPY")


# --- parsing what a person typed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("125", "THB", 12_500),
        ("125.50", "THB", 12_550),
        ("125.5", "THB", 12_550),
        (".5", "THB", 50),
        (" 1,250.00 ", "THB", 125_000),
        ("฿125", "THB", 12_500),
        ("฿ 1,250.75", "THB", 125_075),
        ("THB 99", "THB", 9_900),
        ("thb99", "THB", 9_900),
        ("1 000", "THB", 100_000),
        ("12,500", "THB", 1_250_000),
        ("1,234,567.89", "THB", 123_456_789),
        ("฿1,250", "THB", 125_000),
        ("125", "JPY", 125),
        ("1.250", "KWD", 1_250),
    ],
)
def test_parse_accepts_what_cashiers_type(text: str, currency: str, minor: int) -> None:
    assert Money.parse(text, currency) == Money(minor, currency)


@pytest.mark.parametrize(
    ("text", "currency", "code"),
    [
        ("", "THB", "money.amount_not_digits"),
        ("   ", "THB", "money.amount_not_digits"),
        ("abc", "THB", "money.amount_not_digits"),
        ("-5", "THB", "money.amount_not_digits"),
        ("NaN", "THB", "money.amount_not_digits"),
        ("Infinity", "THB", "money.amount_not_digits"),
        ("1e3", "THB", "money.amount_not_digits"),
        ("1.2.3", "THB", "money.amount_not_digits"),
        (".", "THB", "money.amount_invalid"),
        ("1.234", "THB", "money.too_many_decimals"),  # more decimals than baht have
        ("1.5", "JPY", "money.too_many_decimals"),
        ("0", "THB", "money.amount_zero"),
        ("0.00", "THB", "money.amount_zero"),
        ("100000000000.01", "THB", "money.amount_too_large"),
        ("1" * 21, "THB", "money.amount_not_digits"),
        # a comma or space anywhere but between thousands: "10,50" was sold as ฿1,050.00 (a black-box test)
        ("10,50", "THB", "money.bad_grouping"),
        ("1,0000", "THB", "money.bad_grouping"),
        ("0,5", "THB", "money.bad_grouping"),
        ("1,25.00", "THB", "money.bad_grouping"),
        ("1.250,00", "THB", "money.bad_grouping"),
        ("10 50", "THB", "money.bad_grouping"),
        ("1,000 000", "THB", "money.bad_grouping"),
        (",100", "THB", "money.bad_grouping"),
    ],
)
def test_parse_refuses_with_a_stable_code_and_a_readable_message(text: str, currency: str, code: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        Money.parse(text, currency)
    assert excinfo.value.code == code
    assert isinstance(excinfo.value, KioskError)
    assert excinfo.value.message and "Traceback" not in excinfo.value.message


def test_parse_refuses_non_strings() -> None:
    with pytest.raises(InvalidInput):
        Money.parse(125)  # type: ignore[arg-type]


def test_parse_allows_zero_only_when_asked() -> None:
    assert Money.parse("0", allow_zero=True) == Money.zero()


def test_parse_accepts_the_largest_amount() -> None:
    assert Money.parse("100,000,000,000.00").minor == MAX_MINOR


# --- formatting ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(12_550), "125.50 THB"),
        (Money(125_000), "1,250.00 THB"),
        (Money(5), "0.05 THB"),
        (Money(-12_550), "-125.50 THB"),
        (Money(1_250, "JPY"), "1,250 JPY"),
        (Money(1_250, "KWD"), "1.250 KWD"),
    ],
)
def test_plain_is_locale_free(money: Money, text: str) -> None:
    assert money.plain() == text
    assert str(money) == text


# --- arithmetic ------------------------------------------------------------------------------------------


def test_arithmetic_stays_in_minor_units() -> None:
    assert Money(100) + Money(250) == Money(350)
    assert Money(100) - Money(250) == Money(-150)
    assert -Money(100) == Money(-100)
    assert Money(100) * 3 == 3 * Money(100) == Money(300)
    assert Money(100).min(Money(50)) == Money(50)
    assert Money(100).max(Money(50)) == Money(100)


def test_arithmetic_refuses_mixed_currencies_and_floats() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        Money(100, "THB") + Money(100, "USD")
    assert excinfo.value.code == "money.currency_mismatch"
    with pytest.raises(TypeError):
        Money(100) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) + 1  # type: ignore[operator]


def test_percent_rounds_down_by_default() -> None:
    assert Money(999).percent(250) == Money(24)  # 2.5% of 9.99 is 0.24975
    assert Money(999).percent(250, rounding="ROUND_HALF_UP") == Money(25)
    assert Money(10_000).percent(10_000) == Money(10_000)


# --- properties ------------------------------------------------------------------------------------------

amounts = st.builds(Money, st.integers(min_value=1, max_value=MAX_MINOR), st.sampled_from(CURRENCIES))


@given(amounts)
def test_parse_round_trips_the_formatted_amount(money: Money) -> None:
    assert Money.parse(_number_text(money), money.currency) == money


@given(amounts)
def test_parse_round_trips_with_the_currency_in_front(money: Money) -> None:
    assert Money.parse(f"{money.currency} {_number_text(money)}", money.currency) == money


@given(amounts)
def test_plain_is_the_number_and_the_code(money: Money) -> None:
    assert money.plain() == f"{_number_text(money)} {money.currency}"


@given(st.integers(min_value=-MAX_MINOR, max_value=MAX_MINOR), st.sampled_from(CURRENCIES))
def test_decimal_round_trip_is_exact(minor: int, currency: str) -> None:
    money = Money(minor, currency)
    assert Money.from_decimal(money.to_decimal(), currency) == money


@given(amounts, amounts)
def test_addition_matches_integer_addition(a: Money, b: Money) -> None:
    b = Money(b.minor, a.currency)
    assert (a + b).minor == a.minor + b.minor
    assert (a + b) - b == a


def test_money_refuses_to_compare_two_currencies() -> None:
    # a generated ordering compared (minor, currency) tuples: 100 USD was "less than" 200 THB
    with pytest.raises(InvalidInput) as caught:
        _ = Money(100, "USD") < Money(200, "THB")
    assert caught.value.code == "money.currency_mismatch"
    for compare in (lambda a, b: a <= b, lambda a, b: a > b, lambda a, b: a >= b):
        with pytest.raises(InvalidInput):
            compare(Money(1, "USD"), Money(1, "THB"))
    assert Money(100, "THB") < Money(200, "THB") and max(Money(5), Money(7)) == Money(7)
    assert Money(100, "USD") != Money(100, "THB")
