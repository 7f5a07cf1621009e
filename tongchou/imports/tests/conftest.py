import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read the services' messages by their English msgids, whatever the translations say."""
    with translation.override("en"):
        yield
