"""Bugs the property tests found in shared/, each pinned by one plain example."""

from __future__ import annotations

import copy
from datetime import date

import helpers
import pytest

from shared.errors import FamilyInvalid
from shared.family import validate_family

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("rt", "٣", "family.rt_rw_format"),  # Arabic-Indic 3: was stored as "00٣"
        ("rw", "０１１", "family.rt_rw_format"),  # fullwidth digits
        ("kode_pos", "٧٨١٢٢", "family.kode_pos_format"),  # was accepted as the postcode
    ],
)
def test_family_numbers_in_other_scripts_digits_are_refused(field, value, key):
    data = copy.deepcopy(helpers.FAMILY)
    data[field] = value
    with pytest.raises(FamilyInvalid) as caught:
        validate_family(data, today=TODAY)
    assert [(e.key, e.field) for e in caught.value.errors] == [(key, field)]
