"""Staff accounts and login: ID and PIN, lock-out after repeated failures."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from shared.auth import check_pin, decoy_hash, hash_pin
from shared.errors import AuthError, DomainError, NotAllowed, NotFound, ValidationError
from shared.model import Staff
from shared.sop import Role

if TYPE_CHECKING:
    from shared.office import Office, Session

_STAFF_ID = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,31}$")


class StaffDesk:
    """Adding, disabling and authenticating staff."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def validate_pin(self, pin: str) -> str:
        pin = pin.strip()
        minimum = self.office.config.security.pin_min_length
        if not pin.isdigit() or len(pin) < minimum:
            raise ValidationError("staff.pin_format", field="pin", minimum=minimum)
        return pin

    def add(
        self,
        staff_id: str,
        name: str,
        role: Role | str,
        pin: str,
        *,
        by: Session | None = None,
    ) -> Staff:
        """Create an account. ``by`` is the supervisor (``None`` only for ``kk init``/CLI)."""
        sid = staff_id.strip().upper()
        if not _STAFF_ID.match(sid):
            raise ValidationError("staff.id_format", field="staff_id")
        try:
            role = Role(str(role).upper())
        except ValueError:
            raise ValidationError(
                "staff.role_unknown", field="role", roles=", ".join(r.value for r in Role)
            ) from None
        name = " ".join(name.split())
        if not name:
            raise ValidationError("staff.name_required", field="name")
        pin_hash = hash_pin(self.validate_pin(pin))
        now = self.office.now()
        with self.office.write() as repo:
            actor = self.office.acting(repo, by, Role.SUPERVISOR) if by else None
            try:
                repo.get_staff(sid)
            except NotFound:
                pass
            else:
                raise DomainError("staff.exists", staff=sid)
            staff = Staff(id=sid, name=name, role=role, pin_hash=pin_hash, created_at=now)
            repo.put_staff(staff)
            repo.audit(
                at=now,
                action="staff.add",
                entity="staff",
                entity_id=sid,
                staff_id=actor.id if actor else None,
                role=actor.role if actor else None,
                station=by.station if by else "cli",
                data={"role": role.value},
            )
        return staff

    def list(self) -> list[Staff]:
        with self.office.read() as repo:
            return sorted(repo.all_staff(), key=lambda s: s.id)

    def set_active(self, staff_id: str, active: bool, *, by: Session | None = None) -> Staff:
        """Enable or disable an account; a supervisor may not disable their own."""

        def change(s: Staff) -> None:
            if not active and by is not None and by.staff_id.strip().upper() == s.id:
                raise NotAllowed("supervisor.staff.own_account", staff=s.id)
            s.active = active

        return self._update(staff_id, by, "staff.enable" if active else "staff.disable", change)

    def set_pin(self, staff_id: str, pin: str, *, by: Session | None = None) -> Staff:
        pin_hash = hash_pin(self.validate_pin(pin))

        def change(s: Staff) -> None:
            s.pin_hash = pin_hash
            s.failed_logins = 0
            s.locked_until = None

        return self._update(staff_id, by, "staff.set_pin", change)

    def set_role(self, staff_id: str, role: Role | str, *, by: Session | None = None) -> Staff:
        """Assign ``role`` (audited with the old and new role).

        A supervisor may not change their own role (the office would be left
        without one by a slip). A session of the account still open under the
        old role is refused at its next action (``auth.role_changed``).
        """
        try:
            new = Role(str(role).upper())
        except ValueError:
            raise ValidationError(
                "staff.role_unknown", field="role", roles=", ".join(r.value for r in Role)
            ) from None
        now = self.office.now()
        with self.office.write() as repo:
            actor = self.office.acting(repo, by, Role.SUPERVISOR) if by else None
            staff = repo.get_staff(staff_id)
            if actor is not None and actor.id == staff.id:
                raise NotAllowed("supervisor.staff.own_role", staff=staff.id)
            old, staff.role = staff.role, new
            repo.put_staff(staff)
            repo.audit(
                at=now,
                action="staff.set_role",
                entity="staff",
                entity_id=staff.id,
                staff_id=actor.id if actor else None,
                role=actor.role if actor else None,
                station=by.station if by else "cli",
                data={"role": new.value, "from": old.value},
            )
        return staff

    def login(self, staff_id: str, pin: str, *, station: str | None = None) -> Session:
        """Check ID and PIN. Five wrong PINs (configurable) lock the account for a while.

        The failure count lives in the staff record in the store, so it is
        shared by every station's process. Every refusal is audited: a wrong
        PIN (``auth.failed``), the one that locks (``auth.locked``), a try
        while locked (``auth.refused``, no PIN checked) and an unknown ID
        (``auth.failed``, checked against a decoy hash so that it takes as
        long as a real account's: the time does not tell which IDs exist; the
        decoy is checked after the lock is released, so guessing IDs cannot
        hold up the other stations).
        """
        from shared.office import Session

        sec = self.office.config.security
        now = self.office.now()
        refused: AuthError | None = None
        with self.office.write() as repo:
            try:
                staff = repo.get_staff(staff_id)
            except NotFound:
                sid = staff_id.strip().upper()
                repo.audit(
                    at=now,
                    action="auth.failed",
                    entity="staff",
                    entity_id=sid if _STAFF_ID.match(sid) else "?",
                    station=station,
                    note="unknown id",
                )
                staff, refused = None, AuthError("auth.failed")
            if staff is None:
                pass
            elif not staff.active:
                raise AuthError("auth.disabled", staff=staff.id)
            elif staff.locked_until and staff.locked_until > now:
                until = staff.locked_until.strftime("%H:%M")
                repo.audit(
                    at=now,
                    action="auth.refused",
                    entity="staff",
                    entity_id=staff.id,
                    station=station,
                    note=f"locked until {until}",
                )
                refused = AuthError("auth.locked", until=until)
            elif check_pin(pin.strip(), staff.pin_hash):
                if staff.failed_logins or staff.locked_until:
                    staff.failed_logins = 0
                    staff.locked_until = None
                    repo.put_staff(staff)
                repo.audit(
                    at=now,
                    action="auth.login",
                    entity="staff",
                    entity_id=staff.id,
                    staff_id=staff.id,
                    role=staff.role,
                    station=station,
                )
                return Session(staff.id, staff.role, station)
            else:
                staff.failed_logins += 1
                locked = staff.failed_logins >= sec.pin_max_failures
                if locked:
                    staff.locked_until = now + timedelta(minutes=sec.lockout_minutes)
                    staff.failed_logins = 0
                repo.put_staff(staff)
                repo.audit(
                    at=now,
                    action="auth.locked" if locked else "auth.failed",
                    entity="staff",
                    entity_id=staff.id,
                    station=station,
                )
                if locked and staff.locked_until is not None:
                    refused = AuthError("auth.locked", until=staff.locked_until.strftime("%H:%M"))
                else:
                    refused = AuthError("auth.failed")
        # the refusal is stored (the with block committed) before it is reported
        assert refused is not None
        if staff is None:  # as long as a real check, but outside the store's lock
            check_pin(pin.strip(), decoy_hash())
        raise refused

    def _update(self, staff_id: str, by: Session | None, action: str, change) -> Staff:  # noqa: ANN001
        now = self.office.now()
        with self.office.write() as repo:
            actor = self.office.acting(repo, by, Role.SUPERVISOR) if by else None
            staff = repo.get_staff(staff_id)
            change(staff)
            repo.put_staff(staff)
            repo.audit(
                at=now,
                action=action,
                entity="staff",
                entity_id=staff.id,
                staff_id=actor.id if actor else None,
                role=actor.role if actor else None,
                station=by.station if by else "cli",
            )
        return staff
