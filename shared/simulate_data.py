"""What the simulator draws from: the office's behaviour, staff, notes, and the report.

:class:`Profile` holds the rates and delays of a simulated office (the
defaults describe an ordinary month at Disdukcapil Kota Pontianak);
:class:`SimReport` is what a run returns. :class:`Draw` turns the profile and
the office's opening hours into concrete times, always in working time, so
no step is ever timed on a Sunday or a holiday.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from shared.calendar import add_working_days, add_working_minutes
from shared.config import Config
from shared.sop import Role

# Relative weights of the application kinds (codes of the default config.toml).
# Additions to a family (births) and new couples are the bulk of a KK office's
# work; replacing the head of a family is rare. Unknown codes get ``OTHER_KIND``.
KIND_WEIGHTS: dict[str, float] = {
    "tambah_anggota": 30,
    "baru_menikah": 20,
    "hilang_rusak": 13,
    "kurang_anggota": 10,
    "pindah_datang": 9,
    "ubah_data": 8,
    "pisah_kk": 6,
    "baru_ganti_kepala": 4,
}
OTHER_KIND = 5.0

# Why a Kasi (step 4) sends a draft back to the SIAK operator.
KASI_NOTES: tuple[str, ...] = (
    "Ejaan nama anak kedua tidak sesuai akta kelahiran.",
    "NIK istri tidak sesuai KTP-el, mohon dicek ulang.",
    "Tanggal lahir kepala keluarga berbeda dengan dokumen.",
    "Status perkawinan belum diperbarui sesuai buku nikah.",
    "RT/RW tidak sesuai surat keterangan pindah.",
    "Jenis pekerjaan kepala keluarga tidak sesuai formulir F-1.01.",
    "Nama ibu kandung salah ketik.",
    "Golongan darah anggota ketiga tidak sesuai formulir.",
    "Tempat lahir anak tertulis keliru, lihat akta kelahiran.",
)

# Why the Kabid (step 5) sends a draft back to the Kasi.
KABID_NOTES: tuple[str, ...] = (
    "Tanggal perkawinan tidak sesuai buku nikah, mohon dikoreksi.",
    "Urutan anggota keluarga belum sesuai (anak diurutkan dari yang tertua).",
    "Agama salah satu anggota keluarga keliru.",
    "Pendidikan terakhir kepala keluarga tidak sesuai ijazah.",
    "Kode pos tidak sesuai kelurahan.",
    "Nama kepala keluarga tidak sama dengan KTP-el.",
    "Status hubungan dalam keluarga perlu diperiksa kembali.",
)

# Staff the simulator adds beyond the demo staff of ``kk init --demo``:
# a clerk (Pengolah Data) per extra counter and a third SIAK operator.
EXTRA_STAFF: tuple[tuple[str, str, Role, str], ...] = (
    ("LOKET3", "Yuliana Sari", Role.PENGOLAH_DATA, "111113"),
    ("LOKET4", "Muhammad Rizki", Role.PENGOLAH_DATA, "111114"),
    ("LOKET5", "Nur Hidayah", Role.PENGOLAH_DATA, "111115"),
    ("LOKET6", "Stefanus Ading", Role.PENGOLAH_DATA, "111116"),
    ("LOKET7", "Dayang Norhayati", Role.PENGOLAH_DATA, "111117"),
    ("LOKET8", "Hendrikus Bong", Role.PENGOLAH_DATA, "111118"),
    ("LOKET9", "Siti Khadijah", Role.PENGOLAH_DATA, "111119"),
    ("LOKET10", "Antonius Lie", Role.PENGOLAH_DATA, "111120"),
    ("SIAK3", "Fransiska Lusi", Role.ADMIN_SIAK, "222224"),
)


@dataclass(frozen=True)
class Profile:
    """How the simulated office behaves. Rates are probabilities per file or per visit.

    Delays are in working days (``*_days``, inclusive ranges) or drawn around
    the Mutu Baku standard time of the step, with ``late_rate`` of the steps
    taking 2-6 times as long. ``drain_days``: calendar days after the last
    day with arrivals during which work in progress still moves (no new
    applicants); 0 stops at the end of the last day.
    """

    priority_rate: float = 0.05
    no_show_rate: float = 0.04
    phone_rate: float = 0.7
    incomplete_rate: float = 0.15
    come_back_rate: float = 0.6
    come_back_days: tuple[int, int] = (1, 5)
    kasi_reject_rate: float = 0.08
    kabid_reject_rate: float = 0.04
    late_rate: float = 0.10
    input_next_day_rate: float = 0.4
    kabid_days: tuple[int, int] = (1, 20)
    kabid_again_days: tuple[int, int] = (1, 3)
    pickup_days: tuple[int, int] = (0, 10)
    never_collect_rate: float = 0.02
    print_jobs: bool = True
    # Send receipt jobs through the real print service (file printers write
    # <job>.bin and <job>.png); otherwise the print station only marks them done.
    real_print: bool = False
    counter_overtime: timedelta = timedelta(hours=4)
    drain_days: int = 0


@dataclass
class SimReport:
    """What one simulation run did (counts of this run only, not of the whole store)."""

    start: date
    end: date
    days: int = 0  # calendar days simulated (arrivals)
    working_days: int = 0
    tickets: int = 0  # application and pickup tickets taken
    pickup_tickets: int = 0
    refused: int = 0  # the kiosk refused a ticket (daily quota reached)
    unserved: int = 0  # tickets still waiting when the counters closed
    cases_opened: int = 0
    returned: int = 0  # incomplete at step 2, given back to the applicant
    came_back: int = 0  # returned applicants who came back with a new ticket
    cancelled: int = 0  # no-shows: called, did not come
    kasi_rejections: int = 0
    kabid_rejections: int = 0
    ready: int = 0
    handed_over: int = 0
    adopted: int = 0  # open cases of earlier runs that this run moved on
    open_at_end: int = 0  # open cases in the store at the end (all runs)
    print_jobs: int = 0
    transactions: int = 0  # write transactions committed (the store's generation)
    wall_seconds: float = 0.0

    @property
    def days_per_second(self) -> float:
        """Simulated calendar days per wall-clock second."""
        return self.days / self.wall_seconds if self.wall_seconds else math.inf

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        out = asdict(self)
        out["start"] = self.start.isoformat()
        out["end"] = self.end.isoformat()
        out["wall_seconds"] = round(self.wall_seconds, 3)
        out["days_per_second"] = round(self.days_per_second, 2)
        return out


@dataclass
class Applicant:
    """One family's dealings with the office: what they apply for and what they hold."""

    kind: str
    family: dict[str, Any]
    priority: str | None
    phone: str | None
    returning: bool = False  # came back after an incomplete file
    incomplete: bool = False  # this visit's file lacks a requirement
    case_id: str | None = None
    receipt: str | None = None
    token: str | None = None
    kabid_rejected: bool = False

    def head(self) -> dict[str, Any]:
        """The KEPALA KELUARGA row of the family."""
        for m in self.family["anggota"]:
            if m.get("status_hubungan") == "KEPALA KELUARGA":
                return m
        return self.family["anggota"][0]


class Draw:
    """Random times and choices for one run; deterministic for a seed."""

    def __init__(self, rng: random.Random, config: Config, profile: Profile) -> None:
        self.rng = rng
        self.config = config
        self.hours = config.hours
        self.profile = profile
        kinds = [k.code for k in config.kinds]
        self._kinds = kinds
        self._kind_weights = [KIND_WEIGHTS.get(k, OTHER_KIND) for k in kinds]

    def chance(self, rate: float) -> bool:
        return self.rng.random() < rate

    def kind(self) -> str:
        return self.rng.choices(self._kinds, self._kind_weights)[0]

    def minutes(self, step: int, factor: float = 1.0) -> float:
        """Working minutes a step takes, around its Mutu Baku standard, sometimes late."""
        std = self.config.standard_time(step).total_seconds() / 60 * factor
        spent = std * self.rng.lognormvariate(-0.2, 0.35)
        if self.chance(self.profile.late_rate):
            spent *= self.rng.uniform(2.0, 6.0)
        return max(0.5, spent)

    def after(self, start: datetime, minutes: float) -> datetime:
        """``minutes`` of opening time after ``start``."""
        return add_working_minutes(start, minutes, self.hours)

    def arrival(self, day: date, tz: Any) -> datetime:
        """A moment in the morning opening period of ``day``, more of them early on."""
        start, end = self.hours.periods_on(day)[0]
        return self._within(day, start, end, tz, self.rng.betavariate(1.3, 2.6))

    def some_time_on(self, day: date, tz: Any) -> datetime:
        """A moment anywhere in the opening periods of ``day``."""
        periods = self.hours.periods_on(day)
        spans = [_minutes(b) - _minutes(a) for a, b in periods]
        pick = self.rng.uniform(0, sum(spans))
        for (a, b), span in zip(periods, spans, strict=True):
            if pick <= span:
                return self._within(day, a, b, tz, pick / span if span else 0.0)
            pick -= span
        a, b = periods[-1]
        return self._within(day, a, b, tz, 0.99)

    def working_days_after(self, now: datetime, days: int, *, morning: bool = False) -> datetime:
        """A moment ``days`` working days after ``now`` (0: later today if still open)."""
        target = add_working_days(now, days, self.hours).date() if days else now.date()
        if not self.hours.is_working_day(target):
            nxt = self.hours.next_opening(now)
            target = nxt.date() if nxt else target
        when = (
            self.arrival(target, now.tzinfo) if morning else self.some_time_on(target, now.tzinfo)
        )
        if when <= now:  # today, but that moment has passed: soon after now instead
            when = self.after(now, self.rng.uniform(5, 60))
        return when

    @staticmethod
    def _within(day: date, a: time, b: time, tz: Any, frac: float) -> datetime:
        span = max(0.0, _minutes(b) - _minutes(a) - 1)
        start = datetime.combine(day, a, tzinfo=tz)
        return start + timedelta(minutes=span * min(max(frac, 0.0), 1.0))


def _minutes(t: time) -> float:
    return t.hour * 60 + t.minute + t.second / 60
