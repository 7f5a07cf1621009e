from decimal import Decimal

import pytest
from django.utils import translation

from tongchou.core.errors import ValidationFailed
from tongchou.core.money import format_wan, format_yuan, parse_money, quantize


@pytest.mark.parametrize(("typed", "yuan"), [
    ("1200", "1200.00"),
    ("1,200.50", "1200.50"),
    ("¥1,200.5", "1200.50"),
    ("1200元", "1200.00"),
    ("120万", "1200000.00"),
    ("120万元", "1200000.00"),
    ("１２０万", "1200000.00"),          # full-width digits, as an input method types them
    ("１，２００．５０", "1200.50"),      # full-width comma and point
    ("1.2345万", "12345.00"),
    (" 300 ", "300.00"),
    ("0", "0.00"),
    (Decimal("99.9"), "99.90"),
    (1500, "1500.00"),
])
def test_parse_money_reads_what_people_type(typed: object, yuan: str) -> None:
    assert parse_money(typed) == Decimal(yuan)


@pytest.mark.parametrize(("typed", "reason"), [
    ("abc", "not an amount"),
    ("-1", "negative"),
    ("1e9999", "not an amount"),
    ("NaN", "not an amount"),
    ("Infinity", "not an amount"),
    ("1.234", "two decimal places"),
    ("1.2345678万", "two decimal places"),
    ("10000000000000", "too large"),
    ("", "Enter an amount"),
    ("万", "Enter an amount"),
    ("12万3", "not an amount"),
    (None, "Enter an amount in yuan"),
    (True, "Enter an amount in yuan"),
])
def test_parse_money_refuses_with_a_reason_naming_the_field(typed: object, reason: str) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        parse_money(typed, field="requested_budget")
    assert caught.value.field == "requested_budget"
    assert reason.lower() in caught.value.message.lower()


def test_parse_money_messages_are_chinese_by_default() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_money("-1")
    assert "负" in caught.value.message


def test_negative_and_zero_rules_are_options() -> None:
    assert parse_money("-5", allow_negative=True) == Decimal("-5.00")
    with pytest.raises(ValidationFailed):
        parse_money("0", allow_zero=False)


def test_quantize_fixes_sqlite_float_sums() -> None:
    assert quantize(1234568.2000000001) == Decimal("1234568.20")
    assert quantize(None) == Decimal("0.00")


def test_formats_in_yuan_and_wan() -> None:
    assert format_yuan(Decimal("1234567.8")) == "¥1,234,567.80"
    assert format_wan(Decimal("10000000")) == "1,000.00万元"
    assert format_yuan(None) == "—"
