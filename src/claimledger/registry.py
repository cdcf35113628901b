"""Registries let a component be swapped by name (`--extractor rules|tagger|combined`), as spaCy's do."""
from __future__ import annotations

import warnings
from typing import Callable, Generic, TypeVar

from .errors import E

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}
        self._aliases: dict[str, str] = {}  # an old name -> the name it was given (deprecated)
        self._versions: dict[str, str] = {}

    def register(self, name: str, *, version: str = "1") -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Register a factory under `name`. `version` goes into the analysis version stored with each
        ledger (analysis.py): bump it when the component's output changes, and `reanalyze
        --older-than-version` redoes the ledgers it made before."""
        def deco(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            self._versions[name] = version
            return factory

        return deco

    def resolve(self, name: str) -> str:
        """The registered name behind `name`, without the deprecation warning `canonical` gives."""
        return self._aliases.get(name, name)

    def version(self, name: str) -> str:
        """The version `name` (or the name it is an alias of) was registered with; E001 if unknown."""
        found = self._versions.get(self._aliases.get(name, name))
        if found is None:
            raise E.E001.error(kind=self.kind, name=name, names=", ".join(self.names()))
        return found

    def alias(self, old: str, new: str) -> None:
        """Keep `old` working for one release: it creates `new`, with a DeprecationWarning."""
        self._aliases[old] = new

    def names(self) -> list[str]:
        return sorted(self._factories)

    def canonical(self, name: str) -> str:
        """The registered name behind `name`; an old alias warns that it is deprecated."""
        new = self._aliases.get(name)
        if new is None:
            return name
        warnings.warn(f"the {self.kind} name {name!r} is deprecated: use {new!r}", DeprecationWarning, stacklevel=3)
        return new

    def create(self, name: str, *args: object) -> T:
        """A new component; `args` go to its factory (the extractors take the Options)."""
        try:
            factory = self._factories[self.canonical(name)]
        except KeyError:
            raise E.E001.error(kind=self.kind, name=name, names=", ".join(self.names())) from None
        return factory(*args)
