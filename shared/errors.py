"""Domain errors: everything a person can cause, with a message fit to show.

Every error carries a catalogue key and its parameters, so the same error can
be shown in Bahasa Indonesia or English (``err.message("en")``). ``str(err)``
is the Indonesian text. Nothing a person types should surface as anything
other than one of these.
"""

from __future__ import annotations

from typing import Any

from shared.i18n import catalogue, t


class DomainError(Exception):
    """Base class: a refusal or a failure the UI shows as a message."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self._rendered_params(lang))

    def _rendered_params(self, lang: str | None) -> dict[str, Any]:
        """Parameters as shown: a case state by its name in words, not its code."""
        out = dict(self.params)
        for key, group in (("state", "state"), ("status", "state"), ("role", "role")):
            value = out.get(key)
            if isinstance(value, str) and f"{group}.{value}" in catalogue():
                out[key] = t(f"{group}.{value}", lang)
        if isinstance(out.get("allowed"), str):
            codes = [c.strip() for c in out["allowed"].split(",")]
            out["allowed"] = ", ".join(
                t(f"role.{c}", lang) if f"role.{c}" in catalogue() else c for c in codes
            )
        return out

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {"error": self.key, "message": self.message(lang), **_plain(self.params)}


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, str | int | float | bool | None) else str(v)
        for k, v in params.items()
    }


class ValidationError(DomainError):
    """One invalid field. ``member`` is the 1-based row in the family, if any."""

    key = "error.invalid"

    def __init__(
        self, key: str, /, *, field: str, member: int | None = None, **params: Any
    ) -> None:
        self.field = field
        self.member = member
        super().__init__(key, field=field, member=member, **params)

    def message(self, lang: str | None = None) -> str:
        text = t(self.key, lang, **self.params)
        where = t(
            "where.member_field" if self.member else "where.field",
            lang,
            member=self.member,
            field=t(f"field.{self.field}", lang),
        )
        return f"{where}: {text}"


class FamilyInvalid(DomainError):
    """A family record failed one or more checks; ``errors`` lists every one."""

    key = "family.invalid"

    def __init__(self, errors: list[ValidationError]) -> None:
        self.errors = errors
        super().__init__(self.key, count=len(errors))

    def message(self, lang: str | None = None) -> str:
        head = t(self.key, lang, count=len(self.errors))
        return head + "\n" + "\n".join("- " + e.message(lang) for e in self.errors)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        out = super().to_dict(lang)
        out["errors"] = [e.to_dict(lang) for e in self.errors]
        return out


class NotAllowed(DomainError):
    """The actor's role (or identity) may not perform this action."""

    key = "error.not_allowed"


class WrongState(DomainError):
    """The case or ticket is not in a state where this action applies."""

    key = "error.wrong_state"


class NotFound(DomainError):
    """No such case, ticket, staff member or print job."""

    key = "error.not_found"


class AuthError(DomainError):
    """Login refused: unknown ID, wrong PIN, locked or disabled account."""

    key = "auth.failed"


class StoreError(DomainError):
    """The store cannot be used (corrupt file, not initialised, lock timeout)."""

    key = "store.error"


class StoreCorrupt(StoreError):
    """A store file does not parse. It is never overwritten."""

    key = "store.corrupt"
