"""Pages of API lists: DRF's limit and offset, each capped."""

from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """At most 500 items a page, and an offset no further than a billion items: far past any
    person's history, and short of the integers a database cannot hold (SQLite refuses an
    offset of 2**63 with a server error, which the schema-driven fuzz found)."""

    max_limit = 500
    max_offset = 10**9

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), self.max_offset)
