"""A crafted archive given to ``kk store restore`` writes nothing outside the new store.

Restoring is an administrator's act, but the archive may come from a USB
stick or another machine: a member that climbs out of the folder (``..``), an
absolute path, a link pointing outside, or a device file is refused
(``tarfile``'s ``data`` filter, ``shared/store/backup.py`` ``restore``), and
nothing is left behind.
"""

from __future__ import annotations

import io
import tarfile
from datetime import datetime

import pytest

from shared.clock import OFFICE_TZ
from shared.errors import StoreError
from shared.store.backup import backup, restore
from shared.store.filestore import FileStore

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ)


def _member(tar: tarfile.TarFile, name: str, data: bytes = b"x", **attrs) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attrs.items():
        setattr(info, key, value)
    tar.addfile(info, io.BytesIO(data) if info.isreg() else None)


def crafted(tmp_path, name: str, **attrs) -> tarfile.TarFile:
    """A real backup with one extra member ``name`` added."""
    store = FileStore(tmp_path / "src")
    store.initialise()
    good = backup(store, tmp_path / "b", now=NOW, keep=0)
    out = tmp_path / f"crafted-{len(list(tmp_path.glob('crafted-*')))}.tar.gz"
    with tarfile.open(good, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for m in src.getmembers():
            dst.addfile(m, src.extractfile(m) if m.isreg() else None)
        _member(dst, name, **attrs)
    return out


@pytest.mark.parametrize(
    ("name", "attrs"),
    [
        ("/tmp/kk-absolute-escape.txt", {}),
        ("store/link", {"type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}),
        ("store/up", {"type": tarfile.SYMTYPE, "linkname": "../../outside"}),
        ("store/hard", {"type": tarfile.LNKTYPE, "linkname": "/etc/passwd"}),
        ("store/dev", {"type": tarfile.CHRTYPE, "devmajor": 1, "devminor": 3}),
    ],
    ids=["absolute", "symlink-out", "symlink-up", "hardlink-out", "device"],
)
def test_a_crafted_member_is_refused_and_nothing_escapes(tmp_path, name, attrs):
    archive = crafted(tmp_path, name, **attrs)
    target = tmp_path / "restored"
    before = set(tmp_path.rglob("*"))
    with pytest.raises(StoreError) as err:
        restore(archive, target, now=NOW)
    assert err.value.key == "store.restore_not_backup"
    assert not target.exists()
    assert set(tmp_path.rglob("*")) == before  # no staging folder or escaped file left


def test_a_member_climbing_out_of_the_store_folder_is_refused(tmp_path):
    """``..`` anywhere in a member's name refuses the whole archive; nothing is left."""
    for name in ("store/../../escaped.txt", "store/../escaped.txt", "store/a/../../x"):
        archive = crafted(tmp_path, name)
        with pytest.raises(StoreError):
            restore(archive, tmp_path / "restored", now=NOW)
        assert not (tmp_path / "restored").exists()
        assert not any(p.name in ("escaped.txt", "x") for p in tmp_path.rglob("*"))


def test_restore_without_tarfile_filters_still_refuses_and_restores(tmp_path, monkeypatch):
    """Debian 12's Python 3.11.2 has no ``filter=``: the members vetted by hand suffice."""
    monkeypatch.delattr(tarfile, "data_filter")
    archive = crafted(tmp_path, "store/link", type=tarfile.SYMTYPE, linkname="/etc/passwd")
    with pytest.raises(StoreError):
        restore(archive, tmp_path / "restored", now=NOW)
    store = FileStore(tmp_path / "good")
    store.initialise()
    good = backup(store, tmp_path / "b2", now=NOW, keep=0)
    report = restore(good, tmp_path / "restored", now=NOW)
    assert report.ok and (tmp_path / "restored" / "meta.json").exists()
