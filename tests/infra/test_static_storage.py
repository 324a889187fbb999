"""loket.storage.StaticStorage: production's static URLs, each name's worked out once."""

import json

from whitenoise.storage import CompressedManifestStaticFilesStorage

from loket.storage import StaticStorage

NAMES = ["css/loket.css", "css/loket.css#top", "css/loket.css?#iefix", "img/", "css/loket.css?v=2"]


def _storages(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "loket.css").write_text("body { color: #1d1d1b; }")
    manifest = {"paths": {"css/loket.css": "css/loket.0123456789ab.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return (
        StaticStorage(location=tmp_path, base_url="/static/"),
        CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/"),
    )


def test_every_url_is_whitenoises_and_stays_so_when_asked_again(tmp_path):
    ours, whitenoise = _storages(tmp_path)
    for _ in range(2):
        assert [ours.url(n) for n in NAMES] == [whitenoise.url(n) for n in NAMES]
    assert ours.url("css/loket.css") == "/static/css/loket.0123456789ab.css"


def test_collecting_the_files_again_gives_the_new_names(tmp_path):
    ours, _ = _storages(tmp_path)
    assert ours.url("css/loket.css") == "/static/css/loket.0123456789ab.css"
    (tmp_path / "css" / "loket.css").write_text("body { color: #000; }")
    list(ours.post_process({"css/loket.css": (ours, "css/loket.css")}))
    nieuw = ours.url("css/loket.css")
    assert nieuw.startswith("/static/css/loket.") and nieuw != "/static/css/loket.0123456789ab.css"
    assert nieuw == f"/static/{ours.stored_name('css/loket.css')}"
