"""Registries let a component be swapped by name (`--extractor rules|model`), as spaCy's do."""
from __future__ import annotations

from typing import Callable, Generic, TypeVar

from .errors import E

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def deco(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return deco

    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, name: str, *args: object) -> T:
        """A new component; `args` go to its factory (the extractors take the Options)."""
        try:
            factory = self._factories[name]
        except KeyError:
            raise E.E001.error(kind=self.kind, name=name, names=", ".join(self.names())) from None
        return factory(*args)
