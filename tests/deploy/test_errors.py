"""No secret reaches the terminal: URL credentials and secret environment values are masked
in every deploy message."""

from __future__ import annotations

import pytest

from brief.deploy.errors import DeployError, redact


def test_the_userinfo_of_any_url_is_masked() -> None:
    text = "push to https://x-access-token:ghp_abc123@github.com/o/r.git failed; ssh://me@h/x"
    assert redact(text) == "push to https://***@github.com/o/r.git failed; ssh://***@h/x"


def test_values_of_secret_environment_variables_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG")
    monkeypatch.setenv("MY_API_TOKEN", "tok-0987654321")
    monkeypatch.setenv("HOME_PAGE", "https://example.org")  # not secret by its name
    text = "signed with wJalrXUtnFEMI/K7MDENG and tok-0987654321 for https://example.org"
    assert redact(text) == "signed with *** and *** for https://example.org"
    assert str(DeployError(text)) == "signed with *** and *** for https://example.org"


def test_short_values_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A two-letter "secret" would mask every such pair of letters in a message."""
    monkeypatch.setenv("SOME_TOKEN", "ab")
    assert redact("a tab") == "a tab"
