"""manage.py backup and restore: every row and file comes back, or the restore says so."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.roles import Role
from accounts.services import role_grant
from backups.services import backups_prune
from mapping.models import Town

from .conftest import connect, table_contents

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_everywhere(transactional_db, django_user_model):
    """The demo of every app (towns, budgeting, contest, communities and concerns),
    synthetic proposals and a role grant with its audit entry, all committed."""
    call_command("load_demo", stdout=io.StringIO())
    call_command("synth", points=300, polygons=30, concerns=100, stdout=io.StringIO())
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    role_grant(
        actor=admin,
        user=django_user_model.objects.get(username="resident"),
        role=Role.MODERATOR,
        town=Town.objects.get(slug="aksu"),
    )


def backup(folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=folder, stdout=out)
    (made,) = [p for p in folder.iterdir() if p.name.startswith("birge-")]
    assert str(made) in out.getvalue()
    return made


def restore(archive: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_restore_into_a_fresh_database_has_every_row_and_file(
    demo_everywhere, tmp_path, fresh_name
):
    source = table_contents(connection.settings_dict["NAME"])
    media = files_under(Path(settings.MEDIA_ROOT))
    assert source["public.codesign_proposal"][0] > 300
    assert source["public.community_map_concern"][0] > 1000
    assert source["public.audit_auditentry"][0] >= 1
    assert len(media) >= 60  # the contest's drawings

    made = backup(tmp_path / "backups")
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["database"]["postgis_version"]
    assert (
        manifest["tables"]["public.codesign_proposal"]["rows"]
        == (source["public.codesign_proposal"][0])
    )
    assert manifest["media"]["count"] == len(media)
    # Carried to another machine as one file, and restored from it.
    carried = tmp_path / "carried.tar"
    with tarfile.open(carried, "w") as tar:
        tar.add(made, arcname=made.name)

    output = restore(carried, into=fresh_name, media_root=tmp_path / "media")

    assert f"Restored into {fresh_name} and verified" in output
    assert "DIFFERENT" not in output
    restored = table_contents(fresh_name)
    assert set(restored) == set(source)
    for table, (rows, digest) in source.items():
        assert restored[table] == (rows, digest), table
    assert files_under(tmp_path / "media") == media


def test_a_database_with_tables_is_refused_unless_forced(aksu, tmp_path, fresh_name):
    made = backup(tmp_path / "backups")
    restore(made, into=fresh_name, media_root=tmp_path / "media")
    with connect(fresh_name) as conn:
        conn.execute("UPDATE mapping_town SET slug = 'edited'")

    with pytest.raises(CommandError, match="is not empty"):
        restore(made, into=fresh_name, media_root=tmp_path / "media")
    with connect(fresh_name) as conn:
        assert conn.execute("SELECT slug FROM mapping_town").fetchall() == [("edited",)]
    # The configured database (here the test database) is refused the same way.
    with pytest.raises(CommandError, match="is not empty"):
        restore(made, media_root=tmp_path / "media")

    output = restore(made, into=fresh_name, media_root=tmp_path / "media", force=True)
    assert "verified" in output
    with connect(fresh_name) as conn:
        assert conn.execute("SELECT slug FROM mapping_town").fetchall() == [("aksu",)]


def test_missing_and_foreign_archives_are_named_clearly(tmp_path, fresh_name):
    with pytest.raises(CommandError, match="no such backup"):
        restore(tmp_path / "nowhere", into=fresh_name)
    junk = tmp_path / "photo.tar"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a tar at all" * 100)
    with pytest.raises(CommandError, match="not a readable backup archive"):
        restore(junk, into=fresh_name)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match="not a Birge backup"):
        restore(empty, into=fresh_name)
    assert not _exists(fresh_name)


def test_a_truncated_dump_is_refused_before_anything_is_created(
    aksu, tmp_path, fresh_name
):
    made = backup(tmp_path / "backups")
    dump = made / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])

    with pytest.raises(CommandError, match=r"corrupt: database\.dump"):
        restore(made, into=fresh_name, media_root=tmp_path / "media")
    assert not _exists(fresh_name)
    assert not (tmp_path / "media").exists()


def test_a_damaged_dump_with_a_matching_checksum_leaves_the_database_empty(
    aksu, tmp_path, fresh_name
):
    made = backup(tmp_path / "backups")
    dump = made / "database.dump"
    data = bytearray(dump.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\x00" * 4096
    dump.write_bytes(bytes(data))
    _rewrite_manifest(made, lambda m: m["database"].update(sha256=_sha256(dump)))

    with pytest.raises(CommandError, match="pg_restore"):
        restore(made, into=fresh_name, media_root=tmp_path / "media")
    with connect(fresh_name) as conn:
        # One transaction: a restore that fails leaves no table behind.
        assert not conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'spatial_ref_sys'"
        ).fetchall()


def test_rows_missing_after_a_restore_fail_the_command(aksu, tmp_path, fresh_name):
    made = backup(tmp_path / "backups")
    # As if a row had been lost on the way: the manifest expects one town more.
    _rewrite_manifest(made, lambda m: m["tables"]["public.mapping_town"].update(rows=2))

    with pytest.raises(CommandError, match="does not match the backup") as failure:
        restore(made, into=fresh_name, media_root=tmp_path / "media")
    assert "1 tables" in str(failure.value)


def _exists(name: str) -> bool:
    with connect(connection.settings_dict["NAME"]) as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rewrite_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_a_database_url_names_the_target(aksu, tmp_path, fresh_name):
    made = backup(tmp_path / "backups")
    with connect(connection.settings_dict["NAME"]) as conn:
        conn.execute(f'CREATE DATABASE "{fresh_name}"')
    settings_dict = connection.settings_dict
    url = (
        f"postgis://{settings_dict['USER']}@/{fresh_name}?host={settings_dict['HOST']}"
    )

    output = restore(made, database_url=url, media_root=tmp_path / "media")

    assert f"Restored into {fresh_name} and verified" in output
    with connect(fresh_name) as conn:
        assert conn.execute("SELECT slug FROM mapping_town").fetchall() == [("aksu",)]


def test_keep_deletes_all_but_the_newest_backups(tmp_path):
    for stamp in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        (tmp_path / f"birge-{stamp}").mkdir()
        (tmp_path / f"birge-{stamp}" / "manifest.json").write_text("{}")
    (tmp_path / "birge-notes").mkdir()  # not a backup: no manifest, kept

    deleted = backups_prune(output_dir=tmp_path, keep=2)

    assert [p.name for p in deleted] == ["birge-20250101T000000Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "birge-20250102T000000Z",
        "birge-20250103T000000Z",
        "birge-notes",
    ]
