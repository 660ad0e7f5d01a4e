"""Bugs the property tests found in shared/, each pinned by one plain example."""

from __future__ import annotations

import copy
import math
from datetime import date
from pathlib import Path

import helpers
import pytest

from shared.config import ConfigError, load_config
from shared.errors import DomainError, FamilyInvalid
from shared.family import validate_family
from shared.model import TicketState
from shared.sop import CaseState

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


# A valid file with the sections the edits below touch (tests/test_config.py's MINIMAL, plus).
CONFIG = """\
[office]
name = "Disdukcapil Contoh"
address = "Jl. Contoh 1"
city = "KOTA CONTOH"
province = "PROVINSI CONTOH"
region_code = "6171"
kepala_dinas_name = "KEPALA"
kepala_dinas_nip = "197001011995031001"

[hours]
mon = "08:00-12:00"

[[services]]
code = "KK"
prefix = "A"
name_id = "Permohonan KK"
kind = "application"

[[services]]
code = "AMBIL"
prefix = "B"
name_id = "Pengambilan KK"
kind = "pickup"

[[kinds]]
code = "hilang_rusak"
label_id = "KK hilang atau rusak"
requirements = [{ code = "ktp_el", id = "KTP-el" }]

[[counters]]
number = 1
services = ["KK", "AMBIL"]
printer = "struk"

[printers.struk]
type = "file"

[printers.a4]
type = "spool"

[printers.lan]
type = "network"
host = "10.0.0.9"

[kiosk]
printer = "struk"

[documents]
printer = "a4"

[mutu_baku]
"5" = "3w"

[nomor_kk]
pattern = "{region}{ddmmyy}{serial}"

[store]
path = "data/store"
"""


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        # OverflowError: a timedelta holds at most 999999999 days
        ('"5" = "3w"', '"5" = "99999999999w"', "mutu_baku.5"),
        ('"5" = "3w"', '"5" = "1000000000d"', "mutu_baku.5"),
        # ValueError: Python refuses to read an integer of more than 4300 digits
        ('"5" = "3w"', '"5" = "' + "9" * 5000 + 'm"', "mutu_baku.5"),
        # AttributeError while trying the pattern; TypeError for a string index
        ('"{region}{ddmmyy}{serial}"', '"{region.x}{ddmmyy}{serial}"', "nomor_kk.pattern"),
        ('"{region}{ddmmyy}{serial}"', '"{region[x]}{ddmmyy}{serial}"', "nomor_kk.pattern"),
        # RuntimeError from Path.expanduser(); a NUL that no file name can hold
        ('path = "data/store"', 'path = "~nosuchuser-kk/store"', "store.path"),
        ('path = "data/store"', 'path = "data\\u0000store"', "store.path"),
        ('type = "spool"', 'type = "spool"\npath = "~nosuchuser-kk/spool"', "printers.a4.path"),
        # accepted: inf seconds crashed the printer (int(inf * 1000), socket.settimeout)
        ('host = "10.0.0.9"', 'host = "10.0.0.9"\ntimeout = inf', "printers.lan.timeout"),
        # accepted: Arabic-Indic / fullwidth digits would have gone into every new Nomor KK
        ('region_code = "6171"', 'region_code = "٦١٧١"', "office.region_code"),
        ('region_code = "6171"', 'region_code = "６１７１"', "office.region_code"),
        ('"197001011995031001"', '"١٩٧٠٠١٠١١٩٩٥٠٣١٠٠١"', "office.kepala_dinas_nip"),
        ("[nomor_kk]", '[nomor_kk]\ndefault_region = "6171٠١"', "nomor_kk.default_region"),
    ],
)
def test_config_values_that_escaped_as_tracebacks_or_were_accepted_are_config_errors(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    assert load_config(_write(tmp_path, CONFIG))  # the base itself is fine
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, CONFIG.replace(old, new, 1)))
    assert caught.value.key == key, str(caught.value)
    assert caught.value.line is not None
    assert caught.value.message("id") != caught.value.message("en")


def test_a_finite_timeout_is_still_accepted(tmp_path: Path) -> None:
    text = CONFIG.replace('host = "10.0.0.9"', 'host = "10.0.0.9"\ntimeout = 2.5', 1)
    timeout = load_config(_write(tmp_path, text)).printers["lan"].options["timeout"]
    assert timeout == 2.5 and math.isfinite(timeout)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_cancelling_a_case_at_the_counter_frees_the_counter(office, sessions):
    """The ticket stayed CALLED: the counter was busy until the clerk recorded a false no-show."""
    cid = helpers.new_case(office, sessions)
    case = office.cases.cancel(sessions["SPV1"], cid, "ditarik pemohon")
    assert case.state == CaseState.CANCELLED
    assert office.queue.active_ticket(case.counter) is None
    ticket = next(t for t in office.queue.today() if t.id == case.ticket_id)
    assert ticket.state == TicketState.DONE
    helpers.new_case(office, sessions)  # the next applicant is called to the same counter


def test_cancelling_a_ready_case_during_its_pickup_call_frees_the_pickup_counter(office, sessions):
    cid, _ = helpers.case_in(office, sessions, CaseState.READY)
    case = office.cases.show(cid)
    office.queue.take_pickup_ticket(case.receipt_no)
    pickup = helpers.counter_for(office, office.config.pickup_services()[0].code)
    assert office.queue.call_next(sessions["LOKET1"], pickup) is not None
    office.cases.cancel(sessions["SPV1"], cid, "KK ditahan: data ganda")
    assert office.queue.active_ticket(pickup) is None


def test_a_second_pickup_ticket_called_after_the_handover_leaves_the_closed_case_alone(
    office, sessions
):
    """It archived the case a second time (reports counted it twice), with the wrong ticket.

    A second scan of the receipt is now refused while its number waits, so the
    second number comes after the first was skipped.
    """
    cid, token = helpers.case_in(office, sessions, CaseState.READY)
    receipt = office.cases.show(cid).receipt_no
    first = office.queue.take_pickup_ticket(receipt)
    with pytest.raises(DomainError):  # the receipt scanned twice at the kiosk
        office.queue.take_pickup_ticket(receipt)
    pickup = helpers.counter_for(office, office.config.pickup_services()[0].code)
    assert office.queue.call_next(sessions["LOKET1"], pickup).id == first.id
    office.queue.skip(sessions["LOKET1"], pickup)  # did not come at once
    second = office.queue.take_pickup_ticket(receipt)  # came back: a new number
    assert office.queue.call_next(sessions["LOKET1"], pickup).id == second.id
    office.cases.handover(sessions["LOKET1"], cid, token or "")
    with office.read() as repo:
        archived = [c for m in repo.archive_months() for c in repo.archived_cases(m)]
    assert [c.id for c in archived].count(cid) == 1
    case = office.cases.show(cid)
    assert case.state == CaseState.HANDED_OVER and case.pickup_ticket_id == second.id
