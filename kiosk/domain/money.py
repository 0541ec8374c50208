"""Money as integer minor units plus an ISO 4217 currency code; floats are refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation

from kiosk.domain.digits import arabic_digits
from kiosk.domain.errors import InvalidInput

# Minor-unit exponents for currencies that do not use two decimals (ISO 4217).
_EXPONENTS: dict[str, int] = {
    "BHD": 3, "CLP": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3,
    "LYD": 3, "OMR": 3, "PYG": 0, "TND": 3, "UGX": 0, "VND": 0, "XAF": 0, "XOF": 0,
}
MAX_MINOR = 10**13  # one hundred billion baht: anything larger is a typo, not a sale


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


def _check_currency(currency: str) -> str:
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isascii() and currency.isalpha()):
        raise InvalidInput("money.bad_currency", currency=currency)
    return currency.upper()


# an amount's whole part grouped by thousands: "1,250", "12 500", "1,234,567" (one kind of separator)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+")

@dataclass(frozen=True)
class Money:
    minor: int
    currency: str = "THB"

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError(f"Money.minor must be an int of minor units, got {type(self.minor).__name__}")
        object.__setattr__(self, "currency", _check_currency(self.currency))

    @classmethod
    def zero(cls, currency: str = "THB") -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal, currency: str = "THB", *, rounding: str = ROUND_HALF_UP) -> Money:
        if not isinstance(value, Decimal):
            raise TypeError("Money.from_decimal takes a Decimal, never a float")
        if not value.is_finite():
            raise InvalidInput("money.bad_amount")
        places = Decimal(1).scaleb(-exponent(currency))
        quantised = value.quantize(places, rounding=rounding)
        return cls(int(quantised.scaleb(exponent(currency))), currency)

    @classmethod
    def mean(cls, total_minor: int, count: int, currency: str = "THB") -> Money:
        """`total_minor` shared over `count` (an average basket), to the nearest minor unit, a half away from zero
        as the shop rounds money (ROUND_HALF_UP): ฿1,720 over 13 is ฿132.31, not the ฿132.30 `//` would give."""
        if count <= 0:
            raise ValueError("a mean needs a positive count")
        return cls(mean_minor(total_minor, count), currency)

    @classmethod
    def parse(cls, text: str, currency: str = "THB", *, allow_zero: bool = False) -> Money:
        """Parse what a person typed ("125", "125.50", "1,250.00", "฿125", "๑๒๕") into Money.

        Refuses negatives, NaN, infinity, exponents, more decimals than the currency has, and absurd sizes.
        """
        if not isinstance(text, str):
            raise InvalidInput("money.amount_missing")
        body = arabic_digits(text).strip().replace("฿", "").strip()
        if body.upper().startswith(currency.upper()):
            body = body[3:].strip()
        elif body.upper().endswith(currency.upper()):
            body = body[:-3].strip()
        # a comma or a space only between thousands ("1,250.50", "1 000"): anywhere else it is a typing slip or a
        # decimal comma, and dropping it would make "10,50" a thousand baht
        whole = body.partition(".")[0]
        if ("," in body or " " in body) and not _GROUPED.fullmatch(whole):
            raise InvalidInput("money.bad_grouping", value=text.strip()[:20])
        cleaned = body.replace(",", "").replace(" ", "")
        if not cleaned or len(cleaned) > 20 or any(c not in "0123456789." for c in cleaned) or cleaned.count(".") > 1:
            raise InvalidInput("money.amount_not_digits", value=text.strip()[:20])
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput("money.amount_invalid", value=text.strip()[:20]) from None
        places = value.as_tuple().exponent
        assert isinstance(places, int)  # digits and at most one dot: a finite Decimal
        if places < -exponent(currency):
            raise InvalidInput("money.too_many_decimals", currency=currency, value=exponent(currency))
        money = cls.from_decimal(value, currency)
        if money.minor > MAX_MINOR:
            raise InvalidInput("money.amount_too_large")
        if money.minor == 0 and not allow_zero:
            raise InvalidInput("money.amount_zero")
        return money

    def to_decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-exponent(self.currency))

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise InvalidInput("money.currency_mismatch", currency=self.currency, currency2=other.currency)

    # Ordering only within one currency: 100 USD is not "less than" 200 THB (a generated order compared
    # (minor, currency) tuples and said it was).
    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an int; use percent_of for rates")
        return Money(self.minor * factor, self.currency)

    __rmul__ = __mul__

    def percent(self, basis_points: int, *, rounding: str = ROUND_DOWN) -> Money:
        """`basis_points`/10,000 of this amount (250 = 2.5%), rounded in minor units."""
        exact = Decimal(self.minor) * Decimal(basis_points) / Decimal(10_000)
        return Money(int(exact.to_integral_value(rounding=rounding)), self.currency)

    def min(self, other: Money) -> Money:
        self._same(other)
        return self if self.minor <= other.minor else other

    def max(self, other: Money) -> Money:
        self._same(other)
        return self if self.minor >= other.minor else other

    def is_zero(self) -> bool:
        return self.minor == 0

    def plain(self) -> str:
        """Locale-free text for logs, JSON and ASCII receipts: '125.50 THB'."""
        return f"{self.to_decimal():,.{exponent(self.currency)}f} {self.currency}"

    def __str__(self) -> str:
        return self.plain()


def mean_minor(total_minor: int, count: int) -> int:
    """Integer minor units shared over a positive `count`, rounded half away from zero (ROUND_HALF_UP); exact
    integers throughout, never a float."""
    half_up = (2 * abs(total_minor) + count) // (2 * count)
    return -half_up if total_minor < 0 else half_up


ROUNDING_MODES = {"down": ROUND_DOWN, "nearest": ROUND_HALF_UP, "up": ROUND_UP}
