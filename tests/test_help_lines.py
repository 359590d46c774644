"""Help that fits the hour (bot/help_lines.py), with a frozen clock: `now` is passed in."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot import help_lines
from bot.content import help_resources
from bot.help_lines import AMSTERDAM

R = help_resources()
WED_MORNING = datetime(2026, 11, 25, 10, 0, tzinfo=AMSTERDAM)   # Wednesday
WED_22 = datetime(2026, 11, 25, 22, 0, tzinfo=AMSTERDAM)
SAT_AFTERNOON = datetime(2026, 11, 28, 14, 30, tzinfo=AMSTERDAM)  # Saturday
SUN_03 = datetime(2026, 11, 29, 3, 0, tzinfo=AMSTERDAM)          # Sunday


def test_the_dates_are_what_the_tests_say():
    assert WED_MORNING.weekday() == 2 and SAT_AFTERNOON.weekday() == 5 and SUN_03.weekday() == 6


def test_weekday_morning_names_the_own_huisarts():
    assert help_lines.is_office_hours(WED_MORNING)
    assert help_lines.period(WED_MORNING) == "kantoortijd"
    line = help_lines.referral_line("ouder", WED_MORNING)
    assert R["huisarts"]["name"] in line and R["wijkteam"]["name"] in line
    assert R["huisartsenpost"]["name"] not in line


@pytest.mark.parametrize("now,period", [(WED_22, "avond"), (SAT_AFTERNOON, "weekend"),
                                        (SUN_03, "nacht")])
def test_evening_weekend_and_night_name_the_huisartsenpost_and_24_7_lines(now, period):
    if period == "avond":
        assert help_lines.period(datetime(2026, 11, 25, 20, 0, tzinfo=AMSTERDAM)) == "avond"
    else:
        assert help_lines.period(now) == period
    assert not help_lines.is_office_hours(now)
    line = help_lines.referral_line("ouder", now)
    assert f"Bel nu {R['huisartsenpost']['name']}" in line
    assert R["zelfmoordpreventie_113"]["phone_free"] in line
    assert R["veilig_thuis"]["phone"] in line
    assert R["alarm_112"]["phone"] in line


def test_kindertelefoon_open_and_closed_edges():
    day = (2026, 11, 25)
    closed_before = datetime(*day, 10, 59, tzinfo=AMSTERDAM)
    opens = datetime(*day, 11, 0, tzinfo=AMSTERDAM)
    last_minute = datetime(*day, 20, 59, tzinfo=AMSTERDAM)
    closes = datetime(*day, 21, 0, tzinfo=AMSTERDAM)
    assert not help_lines.is_open("kindertelefoon", closed_before)
    assert help_lines.is_open("kindertelefoon", opens)
    assert help_lines.is_open("kindertelefoon", last_minute)
    assert not help_lines.is_open("kindertelefoon", closes)
    assert "vandaag weer open vanaf 11.00" in help_lines.opening_phrase("kindertelefoon", closed_before)
    assert "morgen weer open vanaf 11.00" in help_lines.opening_phrase("kindertelefoon", closes)
    assert help_lines.opening_phrase("kindertelefoon", opens).startswith("nu open")
    assert not help_lines.is_open("kindertelefoon", SUN_03)
    assert help_lines.is_open("kindertelefoon", SAT_AFTERNOON)  # every day, also weekends


def test_open_hours_come_from_the_resources_file():
    kt = R["kindertelefoon"]
    start = kt["open_from"].replace(":", ".")
    assert start in help_lines.opening_phrase("kindertelefoon", SUN_03)


def test_24_7_lines_are_always_open():
    for now in (WED_MORNING, WED_22, SAT_AFTERNOON, SUN_03):
        for rid in ("alarm_112", "zelfmoordpreventie_113", "veilig_thuis"):
            assert help_lines.is_open(rid, now)
            assert help_lines.opening_phrase(rid, now) == "dag en nacht open, ook nu"


def test_other_time_zones_and_summer_time_are_converted():
    summer_utc = datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)  # 11:30 in Amsterdam
    assert help_lines.is_open("kindertelefoon", summer_utc)
    winter_utc = datetime(2026, 1, 7, 10, 30, tzinfo=timezone.utc)  # 11:30 in Amsterdam
    assert help_lines.is_open("kindertelefoon", winter_utc)
    naive = datetime(2026, 11, 25, 10, 0)  # naive = Amsterdam time
    assert help_lines.is_office_hours(naive)


def test_audiences():
    teacher = help_lines.referral_line("leerkracht", WED_MORNING)
    assert R["intern_begeleider"]["name"] in teacher
    adult = help_lines.referral_line("volwassene", WED_MORNING)
    assert "psycholoog" in adult and R["huisarts"]["name"] in adult
    foster = help_lines.referral_line("pleegouder", WED_MORNING)
    assert "pleegzorgbegeleider" in foster
    baby = help_lines.referral_line("baby", WED_MORNING)
    assert baby.index(R["jeugdarts"]["name"]) < baby.index(R["huisarts"]["name"])
    adult_night = help_lines.referral_line("volwassene", SUN_03)
    assert R["huisartsenpost"]["name"] in adult_night


def test_placeholders_and_fill():
    values = help_lines.placeholders()
    assert values["tel_zelfmoordpreventie_113"] == R["zelfmoordpreventie_113"]["phone"]
    assert values["tel2_zelfmoordpreventie_113"] == R["zelfmoordpreventie_113"]["phone_free"]
    assert values["naam_kindertelefoon"] == R["kindertelefoon"]["name"]
    assert help_lines.fill("Bel {tel_veilig_thuis} of {onbekend}") == \
        f"Bel {R['veilig_thuis']['phone']} of {{onbekend}}"


def test_now_amsterdam_is_aware():
    assert help_lines.now_amsterdam().tzinfo is not None
