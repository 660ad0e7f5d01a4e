"""The display board's content and the calls it announces, from the real queue."""

from __future__ import annotations

import dataclasses

from helpers import application_service

from shared.board import CallEvent, board, call_marks, new_calls


def _take(office, n, service=None, **kwargs):
    service = service or application_service(office)
    return [office.queue.take_ticket(service, phone="081234567890", **kwargs) for _ in range(n)]


def test_each_counter_shows_the_ticket_it_serves(office, sessions, clock):
    _take(office, 3)
    office.queue.call_next(sessions["LOKET1"], 1)
    clock.advance(minutes=1)
    office.queue.call_next(sessions["LOKET2"], 2)

    b = board(office.queue.today(), office.config)

    assert [(s.counter, s.counter_name, s.ticket) for s in b.serving] == [
        (1, "Loket 1", "A-001"),
        (2, "Loket 2", "A-002"),
        (3, "Loket 3 (Pengambilan)", None),
    ]


def test_waiting_counts_per_service_in_the_boards_language(office, sessions):
    _take(office, 3)
    office.queue.call_next(sessions["LOKET1"], 1)

    ids = board(office.queue.today(), office.config, "id").waiting
    en = board(office.queue.today(), office.config, "en").waiting

    assert [(w.service, w.name, w.count) for w in ids] == [
        ("KK", "Permohonan KK", 2),
        ("AMBIL", "Pengambilan KK", 0),
    ]
    assert [w.name for w in en] == ["KK application", "KK pickup"]


def test_recent_calls_are_the_earlier_calls_newest_first(office, sessions, clock):
    _take(office, 4)
    for _ in range(3):
        office.queue.call_next(sessions["LOKET1"], 1)
        clock.advance(minutes=2)
        office.queue.skip(sessions["LOKET1"], 1)
    office.queue.call_next(sessions["LOKET1"], 1)  # A-004, on the big panel

    b = board(office.queue.today(), office.config)

    assert [(r.ticket, r.counter_name) for r in b.recent] == [
        ("A-003", "Loket 1"),
        ("A-002", "Loket 1"),
        ("A-001", "Loket 1"),
    ]
    assert b.serving[0].ticket == "A-004"


def test_recent_calls_are_limited_by_the_config(office, sessions, clock, config):
    _take(office, 8)
    for _ in range(8):
        office.queue.call_next(sessions["LOKET1"], 1)
        clock.advance(minutes=1)
        office.queue.skip(sessions["LOKET1"], 1)
    two = dataclasses.replace(config, display=dataclasses.replace(config.display, recent_calls=2))
    assert config.display.recent_calls == 5
    assert len(board(office.queue.today(), config).recent) == 5
    assert [r.ticket for r in board(office.queue.today(), two).recent] == ["A-008", "A-007"]


def test_the_board_never_carries_a_phone_or_a_case(office, sessions):
    _take(office, 2)
    office.queue.call_next(sessions["LOKET1"], 1)
    text = repr(board(office.queue.today(), office.config))
    assert "0812" not in text and "KK-" not in text


def test_a_call_is_announced_once(office, sessions):
    _take(office, 2)
    seen = call_marks(office.queue.today())
    assert seen == {}

    office.queue.call_next(sessions["LOKET2"], 2)
    tickets = office.queue.today()
    events = new_calls(seen, tickets, office.config)

    assert [(e.ticket, e.counter, e.counter_name, e.recall) for e in events] == [
        ("A-001", 2, "Loket 2", False)
    ]
    assert new_calls(call_marks(tickets), tickets, office.config) == []


def test_a_recall_is_announced_again(office, sessions, clock):
    _take(office, 1)
    office.queue.call_next(sessions["LOKET1"], 1)
    seen = call_marks(office.queue.today())
    clock.advance(seconds=30)
    office.queue.recall(sessions["LOKET1"], 1)

    events = new_calls(seen, office.queue.today(), office.config)

    assert [(e.ticket, e.recall) for e in events] == [("A-001", True)]


def test_several_calls_are_announced_in_the_order_they_happened(office, sessions, clock):
    _take(office, 3)
    seen = call_marks(office.queue.today())
    office.queue.call_next(sessions["LOKET2"], 2)
    clock.advance(seconds=5)
    office.queue.call_next(sessions["LOKET1"], 1)
    clock.advance(seconds=5)
    office.queue.recall(sessions["LOKET2"], 2)

    events = new_calls(seen, office.queue.today(), office.config)

    assert [(e.ticket, e.counter) for e in events] == [("A-002", 1), ("A-001", 2)]


def test_a_ticket_called_and_finished_between_two_looks_is_not_announced(office, sessions):
    _take(office, 1)
    seen = call_marks(office.queue.today())
    office.queue.call_next(sessions["LOKET1"], 1)
    office.queue.skip(sessions["LOKET1"], 1)
    assert new_calls(seen, office.queue.today(), office.config) == []


def test_the_announcement_is_in_indonesian_words(office, clock):
    event = CallEvent("T", "A-012", 2, "Loket 2", clock.now())
    assert event.text() == "Nomor antrian A dua belas, silakan ke loket dua"
    assert event.text("en") == "Queue number A twelve, please go to counter two"


def test_a_counter_with_its_own_name_is_called_by_it(clock):
    event = CallEvent("T", "B-007", 3, "Loket 3 (Pengambilan)", clock.now())
    assert event.text() == "Nomor antrian B tujuh, silakan ke Loket tiga Pengambilan"
