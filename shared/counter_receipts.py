"""The counter's receipts: return slip, pickup receipt and proof of handover.

Built, like the queue tickets (:mod:`shared.receipts`), as :class:`Receipt`
data from the stored case, every word from the catalogue
(``shared/messages/counter_receipts.toml``):

- :func:`return_slip` (SOP step 2, file incomplete): the kind of application,
  exactly the missing documents, the opening hours, "come back with a new
  ticket". No name and no NIK at all: the file was not accepted.
- :func:`pickup_receipt` (tanda bukti pengambilan, step 2 complete): the
  receipt number large, a QR code with :func:`pickup_payload`, the token
  printed too (grouped, :func:`grouped_token`) for typing when a scanner
  fails, the register number, the applicant's name (the applicant's own
  receipt) and masked NIK, the expected ready date and the pickup hours.
- :func:`handover_proof` (bukti penyerahan, step 10): case, register and
  agenda numbers, the Nomor KK masked like a NIK, the applicant's name, the
  time, counter and clerk.

The pickup QR payload is ``KKPICKUP|<receipt no>|<token>``, e.g.
``KKPICKUP|261123-01-0012-4|GQ95B0FNCZ``: a fixed tag (so a scanner can tell it
from a queue ticket's QR), the receipt number as printed, and the token
without separators. :func:`parse_pickup_payload` reads it back.

The token is a secret kept on the print job only until it is printed
(:data:`shared.printing.SECRET_PARAMS`); a reprint after that has no token and
:func:`pickup_receipt_for_job` refuses it (a new receipt must be issued)
rather than print a receipt whose code does not work.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from shared.errors import DomainError
from shared.i18n import t
from shared.ids import normalise_token
from shared.nik import mask_nik
from shared.receipts import Feed, Item, Qr, Receipt, Rule, Text, local_time

if TYPE_CHECKING:
    from shared.config import Config
    from shared.config_types import Period
    from shared.model import Case, PrintJob
    from shared.office import Office

PAYLOAD_TAG = "KKPICKUP"
TOKEN_GROUP = 4  # characters per group of the printed token
QR_MODULE = 6  # dots a module: the payload is longer than a ticket id, keep it ~25 mm


# -- pieces ------------------------------------------------------------------------------
def pickup_payload(receipt_no: str, token: str) -> str:
    """The pickup receipt's QR content: ``KKPICKUP|<receipt no>|<TOKEN>``."""
    return f"{PAYLOAD_TAG}|{receipt_no}|{normalise_token(token)}"


def parse_pickup_payload(text: str) -> tuple[str, str] | None:
    """``(receipt_no, token)`` from a scanned pickup QR, or ``None`` if it is not one."""
    parts = text.strip().split("|")
    if len(parts) != 3 or parts[0] != PAYLOAD_TAG or not parts[1] or not parts[2]:
        return None
    return parts[1], normalise_token(parts[2])


def grouped_token(token: str) -> str:
    """The token as printed for reading and typing: ``GQ95-B0FN-CZ``."""
    plain = normalise_token(token)
    return "-".join(plain[i : i + TOKEN_GROUP] for i in range(0, len(plain), TOKEN_GROUP))


def _clock(value: Period, lang: str) -> str:
    sep = "." if lang == "id" else ":"
    start, end = value
    return f"{start:%H}{sep}{start:%M}-{end:%H}{sep}{end:%M}"


def hours_lines(config: Config, lang: str) -> list[tuple[str, str]]:
    """The weekly opening hours, consecutive days with the same periods together:
    ``[("Senin-Kamis", "07.30-12.00, 13.00-15.30"), ("Jumat", "07.30-11.30, 13.30-15.30")]``.

    ASCII hyphens, not dashes: every receipt printer's code page has them."""
    groups: list[tuple[int, int, tuple[Period, ...]]] = []
    for day in range(7):
        periods = config.hours.periods.get(day, ())
        if not periods:
            continue
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == periods:
            groups[-1] = (groups[-1][0], day, periods)
        else:
            groups.append((day, day, periods))
    out = []
    for first, last, periods in groups:
        days = t(f"counter_receipt.day.{first}", lang)
        if last != first:
            days += "-" + t(f"counter_receipt.day.{last}", lang)
        out.append((days, ", ".join(_clock(p, lang) for p in periods)))
    return out


def _header(config: Config, title_key: str, lang: str) -> list[Item]:
    return [
        Text(config.office.short_name.upper(), bold=True, align="center"),
        Text(config.office.address, align="center"),
        Rule(),
        Text(t(title_key, lang), size="large", bold=True, align="center"),
        Feed(),
    ]


def _kind(config: Config, case: Case, lang: str) -> str:
    try:
        return config.kind(case.kind).text(lang)
    except KeyError:
        return case.kind


def _hours(config: Config, heading: str, lang: str) -> list[Item]:
    out: list[Item] = [Text(t(heading, lang), bold=True)]
    for days, periods in hours_lines(config, lang):
        out += [Text(f"{days}:"), Text(periods)]
    return out


def _counter_name(config: Config, counter: int | None) -> str:
    if counter is None:
        return "-"
    try:
        return config.counter(counter).name
    except KeyError:
        return str(counter)


def _when(config: Config, at: datetime, counter: int | None, lang: str) -> list[Item]:
    return [
        Text(t("counter_receipt.when", lang, when=local_time(config, at))),
        Text(t("counter_receipt.counter", lang, counter=_counter_name(config, counter))),
    ]


# -- builders ----------------------------------------------------------------------------
def return_slip(
    config: Config, case: Case, *, at: datetime, counter: int | None, lang: str = "id"
) -> Receipt:
    """The slip that goes back with an incomplete file: what is missing, when to return."""
    try:
        reqs = config.kind(case.kind)
        missing = [reqs.requirement(code).text(lang) for code in case.missing]
    except KeyError:
        missing = list(case.missing)
    items: list[Item] = [
        *_header(config, "counter_receipt.return.heading", lang),
        Text(t("counter_receipt.kind", lang), bold=True),
        Text(_kind(config, case, lang)),
        Feed(),
        Text(t("counter_receipt.return.missing", lang), bold=True),
        *(Text(f"- {label}") for label in missing),
        Feed(),
        *_hours(config, "counter_receipt.hours", lang),
        Feed(),
        Text(t("counter_receipt.return.again", lang), bold=True),
        Rule(),
        *_when(config, at, counter, lang),
        Text(t("counter_receipt.free", lang), align="center"),
    ]
    return Receipt(tuple(items), t("counter_receipt.return.title", lang, case=case.id))


def pickup_receipt(
    config: Config, case: Case, token: str, *, at: datetime, lang: str = "id"
) -> Receipt:
    """The applicant's pickup receipt: number, QR (number + token), token, masked NIK."""
    if not case.receipt_no:
        raise DomainError("counter_receipt.pickup.not_registered", case=case.id)
    items: list[Item] = [
        *_header(config, "counter_receipt.pickup.heading", lang),
        Text(t("counter_receipt.pickup.number", lang), align="center"),
        Text(case.receipt_no, size="large", bold=True, align="center"),
        Qr(pickup_payload(case.receipt_no, token), size=QR_MODULE),
        Text(t("counter_receipt.pickup.code", lang), align="center"),
        Text(grouped_token(token), size="large", bold=True, align="center"),
        Rule(),
        Text(t("counter_receipt.register", lang, number=case.register_no or "-")),
        Text(t("counter_receipt.name", lang, name=case.applicant_name or "-")),
        Text(t("counter_receipt.nik", lang, nik=mask_nik(case.applicant_nik or ""))),
        Text(t("counter_receipt.kind_line", lang, kind=_kind(config, case, lang))),
        Feed(),
        Text(t("counter_receipt.pickup.ready", lang), bold=True, align="center"),
        Text(
            f"{case.expected_ready:%d-%m-%Y}" if case.expected_ready else "-",
            size="large",
            bold=True,
            align="center",
        ),
        Feed(),
        *_hours(config, "counter_receipt.pickup.hours", lang),
        Rule(),
        Text(t("counter_receipt.pickup.keep", lang), bold=True),
        Feed(),
        Text(t("counter_receipt.when", lang, when=local_time(config, at))),
        Text(t("counter_receipt.free", lang), align="center"),
    ]
    return Receipt(tuple(items), t("counter_receipt.pickup.title", lang, number=case.receipt_no))


def handover_proof(
    config: Config, case: Case, *, at: datetime, counter: int | None, lang: str = "id"
) -> Receipt:
    """The proof that the applicant received the KK (bukti penyerahan)."""
    items: list[Item] = [
        *_header(config, "counter_receipt.handover.heading", lang),
        Text(t("counter_receipt.case", lang, case=case.id)),
        Text(t("counter_receipt.register", lang, number=case.register_no or "-")),
        Text(t("counter_receipt.agenda", lang, number=case.agenda_no or "-")),
        Text(t("counter_receipt.receipt_no", lang, number=case.receipt_no or "-")),
        Text(t("counter_receipt.kind_line", lang, kind=_kind(config, case, lang))),
        Rule(),
        Text(t("counter_receipt.nomor_kk", lang, number=mask_nik(case.nomor_kk or ""))),
        Text(t("counter_receipt.name", lang, name=case.applicant_name or "-")),
        Feed(),
        Text(t("counter_receipt.handover.received", lang), size="large", bold=True, align="center"),
        Feed(),
        *_when(config, at, counter, lang),
        Text(t("counter_receipt.clerk", lang, clerk=case.handed_over_by or "-")),
        Rule(),
        Text(t("counter_receipt.free", lang), align="center"),
    ]
    return Receipt(tuple(items), t("counter_receipt.handover.title", lang, case=case.id))


# -- receipts of print jobs (JOB_RECEIPTS) -----------------------------------------------
def _case_and_counter(office: Office, job: PrintJob) -> tuple[Case, int | None]:
    """The job's case and the counter whose printer prints it (else the case's counter)."""
    with office.read() as repo:
        case = repo.get_case(job.ref)
    for c in office.config.counters:
        if c.printer == job.printer:
            return case, c.number
    return case, case.counter


def return_slip_for_job(office: Office, job: PrintJob, lang: str) -> Receipt:
    """The return slip of a ``return_slip`` job, dated when the file was checked."""
    case, counter = _case_and_counter(office, job)
    return return_slip(office.config, case, at=job.created_at, counter=counter, lang=lang)


def pickup_receipt_for_job(office: Office, job: PrintJob, lang: str) -> Receipt:
    """The pickup receipt of a ``pickup_receipt`` job; refused once its token is gone."""
    token = job.params.get("token")
    if not token:
        raise DomainError("counter_receipt.pickup.no_token", case=job.ref)
    case, _counter = _case_and_counter(office, job)
    return pickup_receipt(office.config, case, str(token), at=job.created_at, lang=lang)


def handover_proof_for_job(office: Office, job: PrintJob, lang: str) -> Receipt:
    """The proof of handover of a ``handover_proof`` job, dated at the handover."""
    case, counter = _case_and_counter(office, job)
    return handover_proof(office.config, case, at=job.created_at, counter=counter, lang=lang)
