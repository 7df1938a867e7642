"""The JSON copy of the schema files' parsed contents that `make bytecode` writes beside them, used while current."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

COMPILED = ".compiled.json"  # beside the *.yaml files; not in git (a build product, like __pycache__)

Sources = list[tuple[Path, bytes]]


def sources_digest(sources: Sources) -> str:
    """What the copy was made from: every file's name and bytes."""
    digest = hashlib.sha256()
    for path, data in sources:
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def compiled_contents(directory: Path, sources: Sources) -> list[Any] | None:
    """The files' parsed contents from the copy, or None when there is none or it was made from other files
    (an edited schema file is then read as YAML: the copy can never stand for a file it was not made from)."""
    try:
        compiled = json.loads((directory / COMPILED).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(compiled, dict) or compiled.get("sources") != sources_digest(sources):
        return None
    contents = compiled.get("files")
    return contents if isinstance(contents, list) and len(contents) == len(sources) else None


def write_compiled(directory: Path, sources: Sources, contents: list[Any]) -> bool:
    """Write the copy (atomically); False when JSON cannot hold the contents exactly or the folder is read-only."""
    try:
        text = json.dumps({"sources": sources_digest(sources), "files": contents}, ensure_ascii=False)
    except (TypeError, ValueError):  # e.g. a YAML date: the files stay the only source
        return False
    if repr(json.loads(text)["files"]) != repr(contents):  # e.g. a tuple, or a key that is not text
        return False
    try:
        fd, temp = tempfile.mkstemp(prefix=COMPILED, dir=directory)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o644)  # readable by whoever runs the jobs, as the schema files are (mkstemp: 0600)
        os.replace(temp, directory / COMPILED)
        return True
    except OSError:
        Path(temp).unlink(missing_ok=True)
        return False
