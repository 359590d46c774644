"""`python -m bot.launcher serve` (used by `make bench`) starts the servers without ever training."""

import pytest

from bot import launcher, settings


@pytest.fixture
def no_model(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)  # own pid file
    monkeypatch.setattr(launcher, "MODEL_PATH", launcher.ROOT / "models" / "missing-for-test.tar.gz")
    trained = []
    monkeypatch.setattr(launcher, "train", lambda *a, **k: trained.append(True))
    monkeypatch.setattr(launcher, "_port_in_use", lambda port: False)
    return trained


def test_serve_without_a_model_says_to_train_and_does_not_train(no_model):
    with pytest.raises(SystemExit, match="make train"):
        launcher.run(train_first=False)
    assert no_model == []


def test_run_trains_first(no_model, monkeypatch):
    class Stop(Exception):
        pass

    def servers_start(self):
        raise Stop

    monkeypatch.setattr(launcher.Servers, "start", servers_start)
    monkeypatch.setattr(launcher.signal, "signal", lambda *args: None)  # keep pytest's Ctrl-C
    with pytest.raises(Stop):
        launcher.run()
    assert no_model == [True]
