"""The CPU limit that a container, a pod or a systemd unit puts on this process, from its cgroup.

``os.sched_getaffinity`` sees cpusets but not CPU quotas: a pod limited to 2 CPUs on a 32-core node
still has 32 cores in its affinity mask. The quota lives in the cgroup, as ``cpu.max`` (cgroup v2,
``"max 100000"`` or ``"200000 100000"``) or ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (v1, -1
for none). Every cgroup from this process's own up to the mount's root may set one; the tightest
applies. The hierarchies are found the way the kernel documents them: this process's cgroup paths
in ``/proc/self/cgroup`` and their mounts in ``/proc/self/mountinfo``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath


def cpu_limit(root: Path = Path("/")) -> float | None:
    """CPUs this process may use under its cgroup quotas (e.g. 2.0 or 0.5); None if unlimited.

    ``root`` is where ``/proc`` and the cgroup mounts are found (tests pass a fake tree).
    """
    limits = [quota for directory, v2 in _cpu_cgroup_dirs(root) for quota in _quotas(directory, v2)]
    return min(limits) if limits else None


def _cpu_cgroup_dirs(root: Path) -> Iterator[tuple[Path, bool]]:
    """(directory, is_v2) for this process's cgroup and its ancestors, in every CPU hierarchy."""
    try:
        memberships = (root / "proc/self/cgroup").read_text().splitlines()
        mounts = (root / "proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return
    paths: dict[str, str] = {}  # "v2" or "v1" -> this process's cgroup path in that hierarchy
    for line in memberships:
        hierarchy, controllers, path = [*line.split(":", 2), "", ""][:3]
        if hierarchy == "0" and controllers == "":
            paths.setdefault("v2", path)
        elif "cpu" in controllers.split(","):
            paths.setdefault("v1", path)
    for line in mounts:
        fields = line.split()
        if "-" not in fields:
            continue
        sep = fields.index("-")  # optional fields end here; fstype, source, options follow
        if sep < 5 or len(fields) < sep + 4:
            continue
        mount_root, mount_point = fields[3], fields[4]
        fstype, super_options = fields[sep + 1], fields[sep + 3]
        if fstype == "cgroup2" and "v2" in paths:
            kind = "v2"
        elif fstype == "cgroup" and "cpu" in super_options.split(",") and "v1" in paths:
            kind = "v1"
        else:
            continue
        top = root / mount_point.lstrip("/")
        for relative in _ancestors(paths[kind], mount_root):
            yield top / relative, kind == "v2"


def _ancestors(cgroup_path: str, mount_root: str) -> Iterator[str]:
    """The cgroup's path below the mount's root, then each parent's, up to the mount itself."""
    path, base = PurePosixPath(cgroup_path), PurePosixPath(mount_root)
    # Inside a container the mount's root is often the container's own cgroup; a path outside the
    # mount (another namespace's view) leaves only the mount itself to read.
    relative = path.relative_to(base) if path.is_relative_to(base) else PurePosixPath(".")
    while True:
        yield str(relative)
        if str(relative) == ".":
            return
        relative = relative.parent


def _quotas(directory: Path, v2: bool) -> Iterator[float]:
    try:
        if v2:
            quota, _, period = (directory / "cpu.max").read_text().strip().partition(" ")
        else:
            quota = (directory / "cpu.cfs_quota_us").read_text().strip()
            period = (directory / "cpu.cfs_period_us").read_text().strip()
        if quota in {"max", "-1"}:
            return
        q, p = int(quota), int(period or "100000")
    except (OSError, ValueError):
        return
    if q > 0 and p > 0:
        yield q / p
