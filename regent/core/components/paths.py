"""Which components own a file: a trie of component folders, built once per plan."""

from __future__ import annotations

from collections.abc import Iterable


class _Folder:
    """One folder of the trie: its sub-folders by name and the components rooted here."""

    __slots__ = ("children", "owners")

    def __init__(self) -> None:
        self.children: dict[str, _Folder] = {}
        self.owners: tuple[str, ...] = ()


class PathIndex:
    """Component folders by path segment: finding a file's owners costs its depth, not one test
    per component, so a plan stays linear in commits x files whatever the number of components.
    """

    def __init__(self, folders: Iterable[tuple[str, str]]) -> None:
        """``folders``: ``(component name, normalised folder)`` pairs; ``""`` is the root."""
        self._root = _Folder()
        self._folders: dict[str, tuple[str, ...]] = {}
        self._holders: dict[str, frozenset[str]] = {}
        for name, folder in folders:
            node = self._root
            for segment in _segments(folder):
                node = node.children.setdefault(segment, _Folder())
            node.owners = (*node.owners, name)

    def owners(self, path: str) -> tuple[str, ...]:
        """The components whose folder holds the file ``path`` (outermost first); each folder
        is looked up once per index."""
        folder = path.rpartition("/")[0]
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = self._owners_of_folder(folder)
        return found

    def _owners_of_folder(self, folder: str) -> tuple[str, ...]:
        node = self._root
        found = node.owners
        for segment in _segments(folder):
            child = node.children.get(segment)
            if child is None:
                break
            node = child
            found = (*found, *node.owners) if node.owners else found
        return found

    def owners_of(self, paths: Iterable[str]) -> frozenset[str]:
        """The components holding any of ``paths`` (the files one commit changes); one set per
        folder, shared by every commit that changes only files of folders held alike."""
        found: frozenset[str] = frozenset()
        for path in paths:
            folder = path.rpartition("/")[0]
            holders = self._holders.get(folder)
            if holders is None:
                holders = self._holders[folder] = frozenset(self.owners(path))
            if not found:
                found = holders
            elif not holders <= found:
                found = found | holders
        return found


def normalise_folder(path: str) -> str:
    """``path`` with ``./``, repeated and trailing ``/`` removed; ``""`` for the root."""
    return "/".join(segment for segment in path.split("/") if segment not in ("", "."))


def _segments(folder: str) -> list[str]:
    return folder.split("/") if folder else []
