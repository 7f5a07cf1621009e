from collections.abc import Iterator

import pytest

from tongchou.consolidation import store


@pytest.fixture(autouse=True)
def fresh_overlap_index() -> Iterator[None]:
    """Each test starts from its own database, so from a fresh index; and tests edit then check at
    once, so the index refreshes before every check."""
    store.reset()
    seconds, store.REFRESH_SECONDS = store.REFRESH_SECONDS, 0.0
    yield
    store.REFRESH_SECONDS = seconds
    store.reset()
