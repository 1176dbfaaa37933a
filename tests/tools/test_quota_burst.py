"""``tools.quota_burst``: its summary lines, and a plan that would refuse the steady caller itself
is refused before any server starts."""

from __future__ import annotations

import pytest

from tools import quota_burst


@pytest.mark.parametrize(
    "args",
    [
        ["--seconds", "30", "--pace", "2", "--requests-per-minute", "30"],  # 30 requests
        ["--seconds", "10", "--pace", "0.5", "--requests-per-minute", "40"],
    ],
)
def test_a_steady_caller_over_its_own_quota_is_refused(args, capsys):
    with pytest.raises(SystemExit) as stop:
        quota_burst.main(args)
    assert stop.value.code == 2 and "over its own quota" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "n=0"),
        ([(0.0, 200, 0.010), (0.0, 200, 0.030), (0.0, 200, 0.020)], "p50=   20.0 ms"),
        ([(0.0, 429, 0.001)], "max=    1.0 ms"),
    ],
)
def test_summary(rows, expected):
    assert expected in quota_burst._summary("label", rows)
