"""`make run` says where it serves, and how to serve elsewhere, before anything slow starts."""

from __future__ import annotations

import django
import pytest

from factdb import demo


class StoppedHere(Exception):
    pass


def stop_at_django_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let main() run up to its first slow step (Django, migrations, servers), then stop it."""
    monkeypatch.setattr(demo, "_stop_signals_handle", lambda: None)  # pytest's handlers stay

    def setup() -> None:
        raise StoppedHere

    monkeypatch.setattr(django, "setup", setup)


@pytest.mark.parametrize(
    ("environment", "url"), [(None, "http://127.0.0.1:8000/"), ("8123", "http://127.0.0.1:8123/")]
)
def test_the_demo_says_its_address_and_how_to_change_the_port_at_start(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: str | None,
    url: str,
) -> None:
    if environment is None:
        monkeypatch.delenv("PORT", raising=False)
    else:
        monkeypatch.setenv("PORT", environment)
    stop_at_django_setup(monkeypatch)

    with pytest.raises(StoppedHere):
        demo.main()

    assert capsys.readouterr().out == f"serving on {url} (set PORT to change)\n"


@pytest.mark.parametrize("port", ["http", "0", "65536", "-1", "80 80"])
def test_a_port_that_cannot_be_served_on_is_refused_before_anything_starts(
    monkeypatch: pytest.MonkeyPatch, port: str
) -> None:
    monkeypatch.setenv("PORT", port)
    stop_at_django_setup(monkeypatch)

    with pytest.raises(SystemExit, match="PORT must be a port number from 1 to 65535"):
        demo.main()
