"""Render the sample KK pages of the docs into this folder (PNG, 1400 px wide).

    /tmp/venv/bin/python docs/kk/make.py

Made-up families (:mod:`shared.kk_samples`: names as long as the record
allows), drawn by :mod:`shared.kk_document` exactly as printed (A4 landscape,
300 dpi, 3508 x 2480 px) and downscaled for the repository (16 grey levels). Each sample is also
written as a PDF and read back, and its QR code decoded from the read-back
page, so a sample that would not verify is not written.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import zxingcpp  # noqa: E402
from PIL import Image  # noqa: E402

from shared.clock import OFFICE_TZ  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.kk_document import read_pdf_pages, render_kk, write_pdf  # noqa: E402
from shared.kk_samples import long_names_family  # noqa: E402
from shared.model import Paraf  # noqa: E402
from shared.sop import Role  # noqa: E402

WIDTH = 1400
ISSUED = date(2026, 11, 23)
NOMOR_KK = "6171012311260001"
PAYLOAD = (  # the shape of shared.signing.qr_payload, about 170 characters
    "KK1|6171012311260001|20261123|1a2b3c4d|q9Xc4fJr7pQZL0sT1nUvH5aWdYe6oKgIgX2MEUCIQDx3k9|"
    "Vtqyw8bq2mXc4fJr7pQZL0sT1nUvH5aWdYe6oKgIgX2MEUCIQDx3k9Vtqyw8bq2mXc4fJr7pQZL0sT1nUvH5aWdYe6oKg"
)


def samples() -> dict[str, list[Image.Image]]:
    """The sample documents, by file stem."""
    office = load_config(None).office
    out = {}
    for size in (1, 4, 12):
        family = long_names_family(size, size, today=ISSUED)
        out[f"kk_{size}_members"] = render_kk(
            family, nomor_kk=NOMOR_KK, office=office, issued_on=ISSUED, draft=False,
            qr_payload=PAYLOAD,
        )  # fmt: skip
    at = datetime(2026, 11, 23, 10, 42, tzinfo=OFFICE_TZ)
    parafs = [Paraf(Role.KASI, "KASI1", at, 2), Paraf(Role.KABID, "KABID1", at.replace(hour=13), 2)]
    out["kk_4_members_draft"] = render_kk(
        long_names_family(4, 4, today=ISSUED), nomor_kk=None, office=office, issued_on=None,
        draft=True, parafs=parafs, draft_version=2,
    )  # fmt: skip
    return out


def check(stem: str, pages: list[Image.Image], draft: bool) -> None:
    """Write the PDF, read it back, decode each page's QR (none on a draft)."""
    with tempfile.TemporaryDirectory() as tmp:
        back = read_pdf_pages(write_pdf(pages, Path(tmp) / f"{stem}.pdf"))
    for page in back:
        found = [r.text for r in zxingcpp.read_barcodes(page.convert("L"))]
        if found != ([] if draft else [PAYLOAD]):
            raise SystemExit(f"{stem}: QR read back {found!r}")


def main() -> None:
    for stem, pages in samples().items():
        check(stem, pages, draft=stem.endswith("draft"))
        for number, page in enumerate(pages, start=1):
            height = round(page.height * WIDTH / page.width)
            small = page.resize((WIDTH, height), Image.Resampling.LANCZOS)
            name = f"{stem}_p{number}.png"
            # 16 grey levels (4-bit PNG): a third smaller, no visible difference
            small.quantize(16, dither=Image.Dither.NONE).save(HERE / name, optimize=True)
            print(name)


if __name__ == "__main__":
    main()
