"""The per-process memo that kept HTML and the roster's figures live in."""

from innerback.memo import Memo


def test_a_full_memo_forgets_the_least_recently_used_entry_first():
    memo = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    memo.get("a")  # now "b" is the least recently used

    memo.put("c", 3)

    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)


def test_a_cleared_memo_holds_nothing():
    memo = Memo(2)
    memo.put("a", 1)

    memo.clear()

    assert memo.get("a") is None
