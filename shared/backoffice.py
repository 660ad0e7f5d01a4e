"""What the back-office screens (steps 3, 4, 5, 7, 8) need beyond the workflow's actions.

- :func:`blank_family` / :func:`blank_member`: a new KK form, Pontianak's defaults filled in.
- :func:`family_problems`: every rule of :func:`shared.family.validate_family` on a
  family being typed, as a list (errors, warnings), never raised.
- :func:`find_previous_kk`: the KK last handed over with a given Nomor KK (for a
  change of data the operator loads it and edits it).
- :func:`family_changes`: what changed between two drafts (header fields; members
  matched by NIK, else by row), for "what changed since the last review".
- :func:`approve_many` and :func:`sign_many`: the Kabid's batch paraf and the
  Kepala Dinas's batch signature, one workflow action (one transaction) per case,
  each result reported.

No Textual here: the station calls these in worker threads, tests call them directly.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from shared.enums import KEPALA_KELUARGA, WNI
from shared.errors import DomainError, FamilyInvalid, NotFound, ValidationError
from shared.family import HEADER_FIELDS, MEMBER_FIELDS, validate_family
from shared.model import Case
from shared.regions import KALIMANTAN_BARAT, KOTA_PONTIANAK, province_name, regency_name
from shared.sop import CaseState

if TYPE_CHECKING:
    from shared.office import Office, Session

# Archive months searched for a previous KK, newest first: each month is one
# append-only file searched for the number's bytes before anything is parsed
# (about 20 MB a month at 300 families a day), so ten years stay well under a second.
SEARCH_MONTHS = 120


def blank_member() -> dict[str, Any]:
    """A new member row: every field empty except the citizenship (WNI)."""
    member: dict[str, Any] = dict.fromkeys(MEMBER_FIELDS)
    member["kewarganegaraan"] = WNI
    return member


def blank_family() -> dict[str, Any]:
    """A new KK: the city and province of Kota Pontianak, no member yet."""
    family: dict[str, Any] = dict.fromkeys(HEADER_FIELDS)
    family["kabupaten_kota"] = regency_name(KOTA_PONTIANAK) or "KOTA PONTIANAK"
    family["provinsi"] = province_name(KALIMANTAN_BARAT) or "KALIMANTAN BARAT"
    family["anggota"] = []
    return family


def form_family(case: Case) -> dict[str, Any]:
    """What the input form starts with: the returned draft, else a blank KK."""
    if case.family:
        family = copy.deepcopy(case.family)
        family.setdefault("anggota", [])
        return family
    return blank_family()


def family_problems(
    family: dict[str, Any], today: date
) -> tuple[list[ValidationError], list[ValidationError]]:
    """(errors, warnings) of ``family`` by every rule the workflow applies on save."""
    try:
        checked = validate_family(family, today=today)
    except FamilyInvalid as invalid:
        return list(invalid.errors), []
    return [], list(checked.warnings)


def member_problems(
    family: dict[str, Any], row: int, member: dict[str, Any], today: date
) -> list[ValidationError]:
    """The errors about member ``row`` (1-based) if ``member`` stood there in ``family``.

    Errors about the family as a whole (no head yet) are left out: they are
    not this member's to fix.
    """
    trial = dict(family)
    members = list(family.get("anggota") or [])
    if row > len(members):
        members.append(member)
    else:
        members[row - 1] = member
    trial["anggota"] = members
    errors, _ = family_problems(trial, today)
    return [e for e in errors if e.member == row]


def head_name(family: dict[str, Any] | None) -> str:
    """The KEPALA KELUARGA's name in ``family`` ("-" if none yet)."""
    for member in (family or {}).get("anggota") or []:
        if member.get("status_hubungan") == KEPALA_KELUARGA:
            return str(member.get("nama_lengkap") or "-")
    return "-"


# -- the previous KK ---------------------------------------------------------------
def find_previous_kk(office: Office, nomor_kk: str) -> Case:
    """The case that last handed over the KK numbered ``nomor_kk``.

    A family asking for a change of data holds that KK, so it was handed
    over and its case is archived; the archive's month files are searched
    newest first, for the number's bytes (records are compact JSON), and
    only a matching line is parsed. KKs issued before this system are not in
    the store: :class:`~shared.errors.NotFound`, and the operator types the
    family from the paper KK instead.
    """
    nomor = "".join(nomor_kk.split())
    if len(nomor) != 16 or not nomor.isdigit():
        raise DomainError("backoffice.nomor_kk_format", nomor_kk=nomor_kk.strip() or "-")
    with office.read() as repo:
        root = repo.tx.root
        months = sorted(repo.archive_months(), reverse=True)[:SEARCH_MONTHS]
        sizes = {m: repo.tx.log_size(f"cases/archive/{m}.jsonl") for m in months}
    needle = b'"nomor_kk":"' + nomor.encode() + b'"'
    for month in months:
        # append-only: the bytes below the size read under the lock never change
        path = Path(root) / "cases" / "archive" / f"{month}.jsonl"
        with path.open("rb") as fh:
            data = fh.read(sizes[month])
        end = len(data)
        while (at := data.rfind(needle, 0, end)) >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            stop = data.find(b"\n", at)
            case = Case.from_dict(orjson.loads(data[start : stop if stop >= 0 else None]))
            if case.state == CaseState.HANDED_OVER and case.nomor_kk == nomor and case.family:
                return case
            end = start
    raise NotFound("backoffice.kk_not_found", nomor_kk=nomor)


def previous_kk_family(office: Office, nomor_kk: str) -> dict[str, Any]:
    """The family of the KK numbered ``nomor_kk``, ready to edit (keeps its number)."""
    case = find_previous_kk(office, nomor_kk)
    family = copy.deepcopy(case.family or {})
    family["nomor_kk"] = case.nomor_kk
    return family


# -- what changed ---------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One difference between two drafts.

    ``kind``: "field" (``member`` None: the header), "added" or "removed" (a
    member, ``old``/``new`` its name).
    """

    kind: str
    field: str | None
    member: int | None
    name: str
    old: str | None
    new: str | None


def family_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The differences from ``before`` to ``after`` (empty when either is missing)."""
    if not before or not after:
        return []
    changes = [
        Change("field", name, None, "", _shown(before.get(name)), _shown(after.get(name)))
        for name in HEADER_FIELDS
        if name != "anggota" and before.get(name) != after.get(name)
    ]
    old_members = list(before.get("anggota") or [])
    new_members = list(after.get("anggota") or [])
    pairs = _pair_members(old_members, new_members)
    for row, member in enumerate(new_members, start=1):
        name = str(member.get("nama_lengkap") or "-")
        old_row = pairs.get(row - 1)
        if old_row is None:
            changes.append(Change("added", None, row, name, None, name))
            continue
        old = old_members[old_row]
        changes.extend(
            Change("field", field, row, name, _shown(old.get(field)), _shown(member.get(field)))
            for field in MEMBER_FIELDS
            if old.get(field) != member.get(field)
        )
    kept = set(pairs.values())
    for index, member in enumerate(old_members):
        if index not in kept:
            name = str(member.get("nama_lengkap") or "-")
            changes.append(Change("removed", None, None, name, name, None))
    return changes


def _pair_members(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[int, int]:
    """new index -> old index: the same NIK, else the same name, else (a corrected NIK
    and name) the same row."""
    pairs: dict[int, int] = {}
    for key in ("nik", "nama_lengkap"):
        used = set(pairs.values())
        by_key = {m.get(key): i for i, m in enumerate(old) if m.get(key) and i not in used}
        for i, member in enumerate(new):
            j = by_key.get(member.get(key))
            if i not in pairs and j is not None and j not in pairs.values():
                pairs[i] = j
    used = set(pairs.values())
    for i in range(min(len(new), len(old))):
        if i not in pairs and i not in used:
            pairs[i] = i
            used.add(i)
    return pairs


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)


# -- batches ---------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """One case of a batch: its new state, or why it was refused."""

    case_id: str
    case: Case | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def approve_many(office: Office, session: Session, case_ids: list[str]) -> list[Outcome]:
    """Paraf each case in turn (the Kabid's batch); a refusal leaves the others done."""
    return _each(case_ids, lambda cid: office.cases.review(session, cid, approve=True))


def print_many(office: Office, session: Session, case_ids: list[str]) -> list[Outcome]:
    """The final print (step 7) of each case in turn."""
    return _each(case_ids, lambda cid: office.cases.final_print(session, cid))


def _each(case_ids: list[str], action: Callable[[str], Case]) -> list[Outcome]:
    results = []
    for case_id in case_ids:
        try:
            results.append(Outcome(case_id, action(case_id)))
        except DomainError as err:
            results.append(Outcome(case_id, error=err))
    return results


def keys_dir(office: Office) -> Path:
    """The signing keys of this station: ``$KK_KEYS``, else ``keys`` next to the store."""
    from shared.signing_keys import keys_folder

    return keys_folder(None, office.store.root)


def sign_many(
    office: Office, session: Session, case_ids: list[str], passphrase: str
) -> list[Outcome]:
    """Sign each case with the Kepala Dinas's key (decrypted once, then dropped).

    A wrong passphrase or a missing key refuses the whole batch before any
    case is touched; after that each case is one transaction of its own.
    """
    from shared.signing import sign_kk
    from shared.signing_keys import load_signer

    signer = load_signer(keys_dir(office), passphrase)

    def sign(case_id: str) -> Case:
        case = office.cases.show(case_id)
        if case.state != CaseState.SIGNING:
            raise DomainError(
                "workflow.wrong_state", case=case.id, action="sign", state=case.state.value
            )
        if not (case.family and case.nomor_kk and case.issued_on):
            raise DomainError("signing.no_data", case=case.id)
        signature = sign_kk(signer, case.family, case.nomor_kk, case.issued_on, now=office.now())
        return office.cases.sign(session, case_id, signature)

    return _each(case_ids, sign)


def staff_names(office: Office, case: Case) -> dict[str, str]:
    """Names of the staff a case's history and parafs mention, by id (for the review screen)."""
    ids = {p.staff_id for p in case.parafs} | {h.staff_id for h in case.history if h.staff_id}
    names: dict[str, str] = {}
    with office.read() as repo:
        for staff_id in ids:
            try:
                names[staff_id] = repo.get_staff(staff_id).name
            except NotFound:
                names[staff_id] = staff_id
    return names
