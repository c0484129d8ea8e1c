#!/usr/bin/env python3
"""Writes the seed corpus of the event_sequence harness (fuzz/corpus/event_sequence/).

The encoding is described at the top of fuzz/event_sequence.cpp: 4 header
bytes (policy, first date as days after 2008-01-01, today as 4-day steps
after it), then 4 bytes per event (kind, signed day delta, a, b).
Run from the repository: python3 fuzz/make_event_seeds.py
"""
import datetime
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "event_sequence")

(RECEIVED, ON_THE_SPOT, CORRECTION_REQUESTED, CORRECTION_RECEIVED, CORRECTION_LAPSED,
 CONSULTATION_STARTED, CONSULTATION_ENDED, EXTENSION_APPROVED, FEE_NOTICE, FEE_PAID, FEE_LAPSED,
 DECIDED, DELIVERED, WITHDRAWN, APPEAL_FILED, APPEAL_RESOLVED, DEADLINE_RECOMPUTED,
 NO_BODY) = range(18)
BAD_DAY = 0x80  # Or'ed into the kind: the date's day becomes b % 32.

IN_PERSON_NATURAL = 0x11  # received's b: channel 1, applicant type 1.
MAIL_BUSINESS = 0x22      # Registered mail, a business.
GRANTED, PARTLY_GRANTED, NOT_HELD, STILL_UNCLEAR = 1, 2, 11, 13
RECONSIDERATION, LITIGATION, LITIGATION_AFTER = 1, 2, 3
UPHELD, CORRECTED = 1, 2


def header(first, pin=0, count_receipt_day=False, due_soon=3, lead=2, today_steps=255):
    offset = (datetime.date.fromisoformat(first) - datetime.date(2008, 1, 1)).days
    policy = pin | (4 if count_receipt_day else 0) | (due_soon << 3) | (lead << 6)
    return bytes([policy, offset & 0xFF, offset >> 8, today_steps])


def event(kind, delta=0, a=0, b=0):
    return bytes([kind, delta & 0xFF, a & 0xFF, b & 0xFF])


SEEDS = {
    "granted_2012": header("2012-09-28") + event(RECEIVED, 0, 0, IN_PERSON_NATURAL) +
    event(DECIDED, 5, GRANTED) + event(DELIVERED, 1),
    "on_the_spot": header("2012-05-10") + event(RECEIVED, 0, 0, IN_PERSON_NATURAL) +
    event(ON_THE_SPOT, 0, GRANTED),
    "consulted_extended_appealed_2019": header("2019-06-03") +
    event(RECEIVED, 0, 1, MAIL_BUSINESS) + event(CONSULTATION_STARTED, 3, 1) +
    event(CONSULTATION_ENDED, 10, 1) + event(EXTENSION_APPROVED, 2, 1, 0) +
    event(DECIDED, 20, PARTLY_GRANTED, 1) + event(DELIVERED, 1) +
    event(APPEAL_FILED, 30, RECONSIDERATION) + event(APPEAL_RESOLVED, 40, RECONSIDERATION, UPHELD) +
    event(APPEAL_FILED, 5, LITIGATION_AFTER) + event(APPEAL_RESOLVED, 90, 0, CORRECTED),
    "corrected_then_unclear_2020": header("2020-03-02", count_receipt_day=True) +
    event(RECEIVED, 0, 0, MAIL_BUSINESS) + event(CORRECTION_REQUESTED, 2, 10) +
    event(CORRECTION_RECEIVED, 5) + event(DECIDED, 7, STILL_UNCLEAR),
    "correction_lapsed_2008_rules": header("2015-04-01", pin=1) +
    event(RECEIVED, 0, 0, IN_PERSON_NATURAL) + event(CORRECTION_REQUESTED, 3, 0) +
    event(CORRECTION_LAPSED, 40),
    "fee_paid": header("2013-05-06") + event(RECEIVED, 0, 0, MAIL_BUSINESS) +
    event(FEE_NOTICE, 3, 50, 2) + event(FEE_PAID, 5) + event(DECIDED, 5, GRANTED),
    "fee_lapsed_2019_rules": header("2021-07-01", pin=2) + event(RECEIVED, 0, 0, MAIL_BUSINESS) +
    event(FEE_NOTICE, 2, 10, 3) + event(FEE_LAPSED, 40),
    "two_consultations_over_national_day": header("2018-09-25") +
    event(RECEIVED, 0, 0, IN_PERSON_NATURAL) + event(CONSULTATION_STARTED, 1, 1) +
    event(CONSULTATION_STARTED, 1, 2) + event(FEE_NOTICE, 1, 20, 2) +
    event(CONSULTATION_ENDED, 5, 2) + event(FEE_PAID, 1) + event(CONSULTATION_ENDED, 6, 0) +
    event(DECIDED, 3, NOT_HELD),
    "withdrawn": header("2016-02-01") + event(RECEIVED, 0, 0, IN_PERSON_NATURAL) +
    event(WITHDRAWN, 4) + event(DECIDED, 1, GRANTED),
    "late_then_recomputed": header("2016-01-04", due_soon=5) +
    event(RECEIVED, 0, 0, IN_PERSON_NATURAL) + event(DECIDED, 60, GRANTED) +
    event(DEADLINE_RECOMPUTED, 10, 0) + event(DELIVERED, 2),
    "refusals": header("2008-03-01", today_steps=40) + event(RECEIVED, 0, 0, IN_PERSON_NATURAL) +
    event(RECEIVED, 70, 0x20, IN_PERSON_NATURAL) + event(RECEIVED, 0, 0, 0x19) +
    event(RECEIVED, 0, 0, IN_PERSON_NATURAL) + event(DECIDED, -3, GRANTED) +
    event(DECIDED | BAD_DAY, 5, GRANTED, 31) + event(EXTENSION_APPROVED, 1, 0, 50) +
    event(CORRECTION_REQUESTED, 1, 200) + event(FEE_NOTICE, 1, 0) + event(NO_BODY, 1) +
    event(DECIDED, 1, 19) + event(DECIDED, 200, GRANTED) + event(DECIDED, 1, GRANTED),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(SEEDS)} seeds to {OUT}")


if __name__ == "__main__":
    main()
