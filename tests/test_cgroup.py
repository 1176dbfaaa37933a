"""The CPU limit from fake cgroup trees (v2, v1, hybrid, nested), and the worker count from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import cgroup, config

V2_MOUNT = "30 23 0:26 {root} /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
V1_CPU_MOUNT = (
    "35 30 0:31 {root} /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:9"
    " - cgroup cgroup rw,cpu,cpuacct\n"
)
V1_MEMORY_MOUNT = "36 30 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
HYBRID_V2_MOUNT = "37 30 0:33 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"

# name -> (files under the fake root, expected limit in CPUs)
CASES: dict[str, tuple[dict[str, str], float | None]] = {
    "v2 container, own namespace": (
        {
            "proc/self/cgroup": "0::/\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu.max": "200000 100000\n",
        },
        2.0,
    ),
    "v2 no limit": (
        {
            "proc/self/cgroup": "0::/\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu.max": "max 100000\n",
        },
        None,
    ),
    "v2 half a CPU": (
        {
            "proc/self/cgroup": "0::/\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu.max": "50000 100000\n",
        },
        0.5,
    ),
    "v2 pod limit on the parent, none on the container": (
        {
            "proc/self/cgroup": "0::/kubepods/pod1/ctr\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "max 100000\n",
            "sys/fs/cgroup/kubepods/pod1/cpu.max": "150000 100000\n",
            "sys/fs/cgroup/kubepods/cpu.max": "max 100000\n",
        },
        1.5,
    ),
    "v2 the tightest of nested limits": (
        {
            "proc/self/cgroup": "0::/a/b\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/a/b/cpu.max": "400000 100000\n",
            "sys/fs/cgroup/a/cpu.max": "100000 100000\n",
        },
        1.0,
    ),
    "v2 cgroup path outside the mounted subtree": (
        {
            "proc/self/cgroup": "0::/../other\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/ctr"),
            "sys/fs/cgroup/cpu.max": "300000 100000\n",
        },
        3.0,
    ),
    "v1 docker, mount rooted at the container's cgroup": (
        {
            "proc/self/cgroup": "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n",
            "proc/self/mountinfo": V1_CPU_MOUNT.format(root="/docker/abc") + V1_MEMORY_MOUNT,
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "300000\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        },
        3.0,
    ),
    "v1 no quota": (
        {
            "proc/self/cgroup": "5:cpu,cpuacct:/\n",
            "proc/self/mountinfo": V1_CPU_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        },
        None,
    ),
    "v1 short period": (
        {
            "proc/self/cgroup": "5:cpu,cpuacct:/slice\n",
            "proc/self/mountinfo": V1_CPU_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu,cpuacct/slice/cpu.cfs_quota_us": "25000\n",
            "sys/fs/cgroup/cpu,cpuacct/slice/cpu.cfs_period_us": "50000\n",
        },
        0.5,
    ),
    "hybrid: the quota on v1, none on v2": (
        {
            "proc/self/cgroup": "5:cpu,cpuacct:/\n0::/\n",
            "proc/self/mountinfo": V1_CPU_MOUNT.format(root="/") + HYBRID_V2_MOUNT,
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "100000\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        },
        1.0,
    ),
    "only a memory controller on v1": (
        {"proc/self/cgroup": "4:memory:/\n", "proc/self/mountinfo": V1_MEMORY_MOUNT},
        None,
    ),
    "no /proc (not Linux)": ({}, None),
    "unreadable cpu.max": (
        {
            "proc/self/cgroup": "0::/\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu.max": "lots\n",
        },
        None,
    ),
    "a zero quota is no limit to divide by": (
        {
            "proc/self/cgroup": "0::/\n",
            "proc/self/mountinfo": V2_MOUNT.format(root="/"),
            "sys/fs/cgroup/cpu.max": "0 100000\n",
        },
        None,
    ),
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize(("files", "expected"), CASES.values(), ids=CASES.keys())
def test_cpu_limit(tmp_path, files, expected):
    assert cgroup.cpu_limit(_tree(tmp_path, files)) == expected


def test_this_machine_does_not_fail():
    limit = cgroup.cpu_limit()
    assert limit is None or limit > 0


@pytest.mark.parametrize(
    ("cores", "limit", "workers"),
    [
        (32, 2.0, 2),  # a 2-CPU pod on a 32-core node
        (32, 0.5, 1),  # never zero
        (2, 1.5, 2),  # a part of a CPU still serves a worker
        (4, None, 4),  # no limit: the cores
        (2, 8.0, 2),  # a limit above the cores: the cores
        (1, None, 1),
    ],
)
def test_default_workers_follow_the_cpu_limit(monkeypatch, cores, limit, workers):
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(config.cgroup, "cpu_limit", lambda: limit)
    assert config.default_workers() == workers
