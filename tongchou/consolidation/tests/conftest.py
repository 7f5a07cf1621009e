from collections.abc import Iterator

import pytest

from tongchou.consolidation import store


@pytest.fixture(autouse=True)
def fresh_overlap_index() -> Iterator[None]:
    """Each test starts from its own database, so from a fresh index."""
    store.reset()
    yield
    store.reset()
