"""Provider calls behind one seam, so tests and benchmarks swap the provider, not the pipeline."""

from gateway.providers.base import Provider, ProviderError
from gateway.providers.router import ProviderRouter

__all__ = ["Provider", "ProviderError", "ProviderRouter"]
