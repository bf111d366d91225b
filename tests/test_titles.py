"""The words the forms print that are made, not typed: the letter's addressee."""

from __future__ import annotations

from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.core.titles import letter_addressee


def test_a_soums_letter_goes_to_its_aimags_governors_office():
    aimag = Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG)
    assert letter_addressee(aimag) == "ӨВӨРХАНГАЙ АЙМГИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ"


def test_a_districts_letter_goes_to_the_capitals_governors_office():
    capital = Organisation("aimag-ulaanbaatar", "Нийслэл Улаанбаатар", OrganisationKind.AIMAG)
    assert letter_addressee(capital) == "НИЙСЛЭЛИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ"


def test_another_parent_is_named_in_the_dative_and_no_parent_leaves_it_blank():
    ministry = Organisation("m", "Хууль зүйн яам", OrganisationKind.AGENCY)
    assert letter_addressee(ministry) == "ХУУЛЬ ЗҮЙН ЯАМАНД" and letter_addressee(None) == ""
