"""What `gcloud functions deploy --source=.` uploads: the tracked files .gcloudignore keeps."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def git_files(root: Path, *options: str) -> set[str]:
    """`git ls-files` under root, with options."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", *options], capture_output=True, text=True, check=True, timeout=20
    )
    return set(filter(None, listed.stdout.split("\0")))


def uploaded(root: Path) -> set[str]:
    """Tracked files gcloud would upload from root: .gcloudignore has .gitignore syntax, so git applies it."""
    ignored = git_files(root, "--cached", "--ignored", "--exclude-from=" + str(REPO / ".gcloudignore"))
    return git_files(root) - ignored
