"""KK document: time to render a KK and queue it as a PDF, for 4 and 12 members.

Run from the repository root::

    /tmp/venv/bin/python bench/kk_document.py            # 3 repetitions of 10 documents
    /tmp/venv/bin/python bench/kk_document.py --runs 3   # a quick look

For each family size, families with names as long as the record allows
(:func:`shared.kk_samples.long_names_family`, the worst case for wrapping) and
ordinary ones (:func:`shared.fake.fake_family`):

- ``render``: :func:`shared.kk_document.render_kk`, final KK with a QR payload
  (every page drawn at 3508 x 2480 px);
- ``render draft``: the same as a draft (the watermark stamped on every page);
- ``pdf``: :func:`shared.kk_document.write_pdf` of those pages into a spool
  folder (CCITT G4, temporary file renamed);
- ``render+pdf``: both, what the print station does for one job;
- ``read back``: :func:`shared.kk_document.read_pdf_pages` and the QR decoded
  with zxing-cpp from page 1 (what ``kk verify FILE`` costs).

Figures: the median over repetitions of each repetition's median and p95, in ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import zxingcpp  # noqa: E402
from _common import Metric, ms, sample, table  # noqa: E402

from shared.config import load_config  # noqa: E402
from shared.config_types import Office  # noqa: E402
from shared.fake import fake_family  # noqa: E402
from shared.kk_document import read_pdf_pages, render_kk, write_pdf  # noqa: E402
from shared.kk_samples import long_names_family  # noqa: E402

TODAY = date(2026, 11, 23)
PAYLOAD = "KK1|6171012311260001|20261123|1a2b3c4d|" + "x" * 43 + "|" + "y" * 86  # signing's shape


METRICS = ("render", "render draft", "pdf", "render+pdf", "read back")


def measure(family: dict, office: Office, spool: Path, runs: int, reps: int) -> list[Metric]:
    """The five figures for one family, in :data:`METRICS` order."""

    def render(draft: bool = False) -> list:
        return render_kk(
            family, nomor_kk="6171012311260001", office=office,
            issued_on=None if draft else TODAY, draft=draft,
            qr_payload=None if draft else PAYLOAD, draft_version=1,
        )  # fmt: skip

    pages = render()
    pdf = write_pdf(pages, spool / "probe.pdf")
    calls = {
        "render": render,
        "render draft": lambda: render(True),
        "pdf": lambda: write_pdf(pages, spool / "kk.pdf"),
        "render+pdf": lambda: write_pdf(render(), spool / "kk.pdf"),
        "read back": lambda: _verify(pdf),
    }
    metrics = {name: Metric(name) for name in METRICS}
    for _ in range(reps):
        for name in METRICS:
            metrics[name].add(sample([calls[name]] * runs))
    return [metrics[name] for name in METRICS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="documents per repetition")
    parser.add_argument("--reps", type=int, default=3, help="repetitions")
    args = parser.parse_args()
    office = load_config(None).office
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        spool = Path(tmp)
        for size in (4, 12):
            for kind in ("long names", "ordinary"):
                if kind == "long names":
                    family = long_names_family(size, size, today=TODAY)
                else:
                    family = fake_family(random.Random(size), today=TODAY, members=size)
                pages = render_kk(family, nomor_kk=None, office=office, issued_on=TODAY,
                                  draft=False, qr_payload=PAYLOAD)  # fmt: skip
                size_kb = write_pdf(pages, spool / "size.pdf").stat().st_size // 1024
                cells = [f"{size} members, {kind}", str(len(pages)), str(size_kb)]
                for m in measure(family, office, spool, args.runs, args.reps):
                    cells += [ms(m.median), ms(m.p95)]
                rows.append(cells)
    header = ["family", "pages", "PDF KB"]
    for name in METRICS:
        header += [f"{name} p50", "p95"]
    print(table(header, rows))


def _verify(pdf: Path) -> None:
    page = read_pdf_pages(pdf)[0]
    if [r.text for r in zxingcpp.read_barcodes(page.convert("L"))] != [PAYLOAD]:
        raise SystemExit("QR not read back")


if __name__ == "__main__":
    main()
