"""Drive v3 permissions.create, for the archive spreadsheets the service account makes and shares."""

from __future__ import annotations

from typing import Any

from .shapes import BadRequest

ROLES = ("owner", "organizer", "fileOrganizer", "writer", "commenter", "reader")
TYPES = ("user", "group", "domain", "anyone")
PARAMS = {"sendNotificationEmail", "emailMessage", "supportsAllDrives", "fields", "transferOwnership"}


def create_permission(state: Any, file_id: str, params: dict[str, list[str]], body: Any) -> dict[str, Any]:
    """Share a stored spreadsheet: the body checked as Drive checks it, the permission kept per file."""
    from .server import _Error, _refused

    for name in params:
        if name not in PARAMS:
            raise BadRequest(f"Invalid query parameter: {name}")
    if state.drive_refusal is not None:
        raise _refused(state.drive_refusal)
    if file_id in state.forbidden:
        raise _refused(state.forbidden[file_id])
    if file_id not in state.books:
        raise _Error(404, f"File not found: {file_id}.")
    body = body or {}
    if body.get("role") not in ROLES:
        raise BadRequest("The permission role field is required and must be valid.")
    if body.get("type") not in TYPES:
        raise BadRequest("The permission type field is required and must be valid.")
    address = str(body.get("emailAddress") or "")
    if body["type"] in ("user", "group") and "@" not in address:
        raise BadRequest("The email address is required for user and group permissions and must be valid.")
    if body["role"] == "owner" and params.get("transferOwnership", ["false"])[-1] != "true":
        raise BadRequest("The transferOwnership parameter must be enabled when the permission role is 'owner'.")
    shares = state.permissions.setdefault(file_id, [])
    permission = {"kind": "drive#permission", "id": f"{len(shares) + 1:020d}", "type": body["type"]}
    permission |= {"role": body["role"], "emailAddress": address}
    permission["notified"] = params.get("sendNotificationEmail", ["true"])[-1] == "true"
    shares[:] = [p for p in shares if p["emailAddress"] != address] + [permission]  # a second share updates
    return {k: permission[k] for k in ("kind", "id", "type", "role")}
