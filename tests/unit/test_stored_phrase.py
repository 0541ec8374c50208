"""A phrase kept in a text column that used to hold a sentence (the Stripe sync's last error, a review row's
error): it reads back as the same code and params, and text an older version wrote reads back as it is."""

from __future__ import annotations

import json

from kiosk.domain.serialization import from_stored, stored
from kiosk.domain.text import Phrase


def test_a_phrase_reads_back_as_itself_with_phrases_inside() -> None:
    phrase = Phrase("sync.error.stripe", {"code": "invalid_request", "message": "No such customer: 'cus_1'",
                                          "topic": Phrase("sync_topic.member.erase"), "tries": 3})
    text = stored(phrase)
    assert json.loads(text)["code"] == "sync.error.stripe"
    assert from_stored(text) == phrase


def test_older_sentences_and_other_text_read_back_as_they_are() -> None:
    for text in ("[invalid_request] Stripe: 404", "Stripe cannot be reached: check the internet connection.",
                 "{not json", '{"code": 3, "params": {}}', '{"other": 1}', "", "ติดต่อไม่ได้"):
        assert from_stored(text) == text
    assert stored("already words") == "already words"


def test_a_long_sync_error_is_kept_as_a_phrase_not_cut_inside_its_json() -> None:
    """The sync store keeps at most 4,000 characters of an error: cutting the stored JSON made it read back as
    raw JSON text (review finding); the error's long values are shortened instead."""
    from kiosk.adapters.db.sync_store import _error_text

    long = Phrase("sync.error.stripe", {"code": "api_error", "message": "x" * 10_000, "tries": 3})
    kept = _error_text(long)
    back = from_stored(kept)
    assert len(kept) <= 4000 and isinstance(back, Phrase) and back.code == "sync.error.stripe"
    assert back.params["tries"] == 3 and str(back.params["message"]).startswith("xxx")
