"""geo.settings.min_residents: documented, read from the environment like the others."""

from __future__ import annotations

import pytest

from geo import settings


def test_min_residents_is_documented_and_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert settings.__doc__ is not None and "min_residents : float" in settings.__doc__
    assert "CONVIVENCIA_MIN_RESIDENTS" in settings.__doc__
    monkeypatch.setattr(settings, "min_residents", settings.min_residents)
    settings._from_env({"CONVIVENCIA_MIN_RESIDENTS": "1200"})
    assert settings.min_residents == 1200.0
    with pytest.raises(ValueError, match="CONVIVENCIA_MIN_RESIDENTS='many'"):
        settings._from_env({"CONVIVENCIA_MIN_RESIDENTS": "many"})
