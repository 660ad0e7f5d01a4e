"""The service layer: what screens, the command line and tests call.

An :class:`Office` binds the store, the configuration and the clock, and
offers the desks of the SOP::

    office = Office(store, config)
    ticket = office.queue.take_ticket("KK", kind="hilang_rusak")
    case = office.queue.call_next(session, counter=1).case_id
    office.cases.verify(session, case, present=[...], applicant_name=..., ...)

Every action is one function that checks the actor's role and the record's
state, validates, stores the change with its audit event (and any print
job) in one transaction, and returns the new state. A refused action raises
a :class:`shared.errors.DomainError` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.clock import Clock, SystemClock
from shared.errors import AuthError, NotAllowed
from shared.model import Staff
from shared.sop import Role
from shared.store.filestore import FileStore
from shared.store.repo import Repo

if TYPE_CHECKING:
    from shared.config import Config


@dataclass(frozen=True)
class Session:
    """Who is acting, and from where. Checked again inside every action."""

    staff_id: str
    role: Role
    station: str | None = None


class Office:
    """The KK service of one office: queue, cases, staff, printing."""

    def __init__(self, store: FileStore, config: Config, clock: Clock | None = None) -> None:
        from shared.printing import PrintDesk
        from shared.queue import QueueDesk
        from shared.staff import StaffDesk
        from shared.workflow import CaseFlow

        self.store = store
        self.config = config
        self.clock = clock or SystemClock(config.office.timezone)
        self.queue = QueueDesk(self)
        self.cases = CaseFlow(self)
        self.staff = StaffDesk(self)
        self.printing = PrintDesk(self)

    @contextmanager
    def write(self) -> Iterator[Repo]:
        """One write transaction."""
        with self.store.transaction() as tx:
            yield Repo(tx)

    @contextmanager
    def read(self) -> Iterator[Repo]:
        """One consistent read."""
        with self.store.snapshot() as tx:
            yield Repo(tx)

    def now(self):  # noqa: ANN201 - datetime
        return self.clock.now()

    @staticmethod
    def acting(repo: Repo, session: Session, *roles: Role) -> Staff:
        """The staff member behind ``session``, checked active and in one of ``roles``."""
        staff = repo.get_staff(session.staff_id)
        if not staff.active:
            raise AuthError("auth.disabled", staff=staff.id)
        if staff.role != session.role:
            raise NotAllowed("auth.role_changed", staff=staff.id)
        if roles and staff.role not in roles:
            raise NotAllowed(
                "workflow.role_refused",
                staff=staff.id,
                role=staff.role.value,
                allowed=", ".join(r.value for r in roles),
            )
        return staff
