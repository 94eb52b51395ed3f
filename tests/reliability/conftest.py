"""The reliability suite shares the service tests' fixtures (sandbox control, make_service)."""

from tests.service.conftest import control, make_service  # noqa: F401 - fixtures
