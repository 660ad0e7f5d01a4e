"""Building cases in a given state through the real workflow."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from shared.clock import OFFICE_TZ
from shared.office import Office, Session
from shared.sop import CaseState

# A Monday morning inside opening hours (the fixtures' clock starts here).
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ)
# The ``simulated`` fixture's week: seven days from this Monday, every loop of the SOP in it.
SIMULATED_START = MONDAY_9.date()

FAMILY: dict[str, Any] = {
    "nomor_kk": None,
    "alamat": "JL. GAJAH MADA NO. 12",
    "rt": "003",
    "rw": "011",
    "kelurahan": "BENUA MELAYU DARAT",
    "kecamatan": "PONTIANAK SELATAN",
    "kabupaten_kota": "KOTA PONTIANAK",
    "provinsi": "KALIMANTAN BARAT",
    "kode_pos": "78122",
    "anggota": [
        {
            "nik": "6171011708900003",
            "nama_lengkap": "BUDI SANTOSO",
            "jenis_kelamin": "LAKI-LAKI",
            "tempat_lahir": "PONTIANAK",
            "tanggal_lahir": "1990-08-17",
            "agama": "ISLAM",
            "pendidikan": "DIPLOMA IV/ STRATA I",
            "jenis_pekerjaan": "KARYAWAN SWASTA",
            "golongan_darah": "O",
            "status_perkawinan": "KAWIN TERCATAT",
            "tanggal_perkawinan": "2016-05-21",
            "status_hubungan": "KEPALA KELUARGA",
            "kewarganegaraan": "WNI",
            "no_paspor": None,
            "no_kitas_kitap": None,
            "nama_ayah": "SANTOSO",
            "nama_ibu": "SITI AMINAH",
        },
        {
            "nik": "6171014503920002",
            "nama_lengkap": "RINA WATI",
            "jenis_kelamin": "PEREMPUAN",
            "tempat_lahir": "SINGKAWANG",
            "tanggal_lahir": "1992-03-05",
            "agama": "ISLAM",
            "pendidikan": "SLTA / SEDERAJAT",
            "jenis_pekerjaan": "MENGURUS RUMAH TANGGA",
            "golongan_darah": "A",
            "status_perkawinan": "KAWIN TERCATAT",
            "tanggal_perkawinan": "2016-05-21",
            "status_hubungan": "ISTRI",
            "kewarganegaraan": "WNI",
            "no_paspor": None,
            "no_kitas_kitap": None,
            "nama_ayah": "ABDULLAH",
            "nama_ibu": "FATIMAH",
        },
        {
            "nik": "6171011007180001",
            "nama_lengkap": "AHMAD FAUZI",
            "jenis_kelamin": "LAKI-LAKI",
            "tempat_lahir": "PONTIANAK",
            "tanggal_lahir": "2018-07-10",
            "agama": "ISLAM",
            "pendidikan": "BELUM TAMAT SD/SEDERAJAT",
            "jenis_pekerjaan": "PELAJAR/MAHASISWA",
            "golongan_darah": "TIDAK TAHU",
            "status_perkawinan": "BELUM KAWIN",
            "tanggal_perkawinan": None,
            "status_hubungan": "ANAK",
            "kewarganegaraan": "WNI",
            "no_paspor": None,
            "no_kitas_kitap": None,
            "nama_ayah": "BUDI SANTOSO",
            "nama_ibu": "RINA WATI",
        },
    ],
}


def family() -> dict[str, Any]:
    return copy.deepcopy(FAMILY)


def application_service(office: Office) -> str:
    return office.config.application_services()[0].code


def counter_for(office: Office, service: str) -> int:
    for c in office.config.counters:
        if service in c.services:
            return c.number
    raise AssertionError(f"no counter serves {service}")


def all_present(office: Office, kind: str) -> list[str]:
    return [r.code for r in office.config.kind(kind).requirements]


def new_case(office: Office, s: dict[str, Session], kind: str | None = None) -> str:
    """A case at step 2 (VERIFYING): ticket taken and called."""
    svc = application_service(office)
    kind = kind or office.config.kinds[0].code
    office.queue.take_ticket(svc, kind=kind)
    ticket = office.queue.call_next(s["LOKET1"], counter_for(office, svc))
    assert ticket is not None and ticket.case_id
    return ticket.case_id


ORDER = [
    CaseState.VERIFYING,
    CaseState.INPUT,
    CaseState.KASI_REVIEW,
    CaseState.KABID_REVIEW,
    CaseState.FINAL_PRINT,
    CaseState.SIGNING,
    CaseState.REGISTER,
    CaseState.READY,
    CaseState.HANDED_OVER,
]


def case_in(office: Office, s: dict[str, Session], state: CaseState) -> tuple[str, str | None]:
    """A fresh case advanced through the real actions to ``state``; returns (id, token)."""
    cid = new_case(office, s)
    token = None
    if state == CaseState.VERIFYING:
        return cid, None
    if state == CaseState.RETURNED:
        office.cases.verify(s["LOKET1"], cid, present=[])
        return cid, None
    if state == CaseState.CANCELLED:
        office.cases.cancel(s["SPV1"], cid, "ditarik pemohon")
        return cid, None
    steps = [
        lambda: office.cases.verify(
            s["LOKET1"],
            cid,
            present=all_present(office, office.cases.show(cid).kind),
            applicant_name="Budi Santoso",
            applicant_nik="6171011708900003",
        ),
        lambda: office.cases.input_family(s["SIAK1"], cid, family()),
        lambda: office.cases.review(s["KASI1"], cid, approve=True),
        lambda: office.cases.review(s["KABID1"], cid, approve=True),
        lambda: office.cases.final_print(s["SIAK1"], cid),
        lambda: office.cases.sign(s["KADIS"], cid),
        lambda: office.cases.register(s["LOKET1"], cid),
        lambda: office.cases.handover(s["LOKET1"], cid, token or ""),
    ]
    for target, act in zip(ORDER[1:], steps, strict=True):
        result = act()
        if isinstance(result, tuple):
            token = result[1]
        if target == state:
            break
    return cid, token
