"""The controlled values pages show and filter by: action statuses and the order of meeting roles."""
from __future__ import annotations

from graph.namespaces import BG, SCHEMA

#: ?status= values of the action tracker -> schema.org action status.
ACTION_STATUSES = {
    "open": SCHEMA.ActiveActionStatus,
    "completed": SCHEMA.CompletedActionStatus,
    "dropped": SCHEMA.FailedActionStatus,
}
_STATUS_NAMES = {str(iri): name for name, iri in ACTION_STATUSES.items()}

#: Roles in the order a meeting page lists them (apologies last, shown apart).
ROLE_ORDER = [str(BG[name]) for name in
              ("Chair", "Secretariat", "Member", "Presenter", "InAttendance", "Observer", "Apologies")]
APOLOGIES = str(BG.Apologies)


def status_name(status: str | None) -> str | None:
    """"open", "completed" or "dropped" for a schema.org action status IRI."""
    if status is None:
        return None
    return _STATUS_NAMES.get(status, status.rsplit("/", 1)[-1])


def role_rank(role: str) -> int:
    """Sort key of a role IRI (unknown roles after the known ones)."""
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def concept(iri: str | None, label: str | None) -> dict | None:
    """A controlled value (role, speech act, outcome) with its label and its entry on /ontology."""
    if iri is None:
        return None
    local = iri.rsplit("#", 1)[-1]
    return {"iri": iri, "name": label or local, "url": f"/ontology#{local}" if iri.startswith(str(BG)) else None}
