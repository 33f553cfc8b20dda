"""A repository's release policy read through the API, for the webhook service (no checkout)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from regent.config import CONFIG_FILE_NAMES
from regent.config.loader import ConfigLayer, parse_layered_config
from regent.core.model import RepoRef, VersionedFile
from regent.core.policy import ReleasePolicy
from regent.core.ports import GitHubPort, GitHubSession

log = logging.getLogger(__name__)

ORG_REPOSITORY = ".github"
ORG_DEFAULTS_FILE = "release-regent.yml"

_Key = tuple[str | None, str | None]


class RepoConfigSource:
    """A repository's release policy read through the API from its default branch, under its
    organisation's defaults; parsed policies cached by blob sha.

    Per delivery: one contents request for ``release-regent.yml`` in ``<owner>/.github`` (its
    default branch), then one per name of ``CONFIG_FILE_NAMES`` tried in order on the
    repository's default branch until one is found: 2 requests when the repository uses
    ``.release-regent.yml``, at most 4 (1 + 3) when it has no file. The contents are read every
    time (that is how a change is seen, with no restart); parsing and validation run only for a
    pair of blob shas not seen recently (a bounded LRU of ``capacity`` policies).
    """

    def __init__(self, github: GitHubSession, *, capacity: int = 256) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._github = github
        self._capacity = capacity
        self._cache: OrderedDict[_Key, ReleasePolicy] = OrderedDict()
        self._lock = threading.Lock()

    def policy_for(self, repo: RepoRef, *, default_branch: str) -> ReleasePolicy:
        """The policy of ``repo``: its file over the organisation's, defaults where neither."""
        org_repo = RepoRef(repo.owner, ORG_REPOSITORY)
        org = self._github.for_repository(org_repo).config_file(ORG_DEFAULTS_FILE)
        own = _repository_file(self._github.for_repository(repo), default_branch)
        key = (org.sha if org else None, own.sha if own else None)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        layers = [
            ConfigLayer(found.text, f"{where}:{found.path}")
            for where, found in ((org_repo, org), (repo, own))
            if found is not None
        ]
        policy = parse_layered_config(layers) if layers else ReleasePolicy()
        log.debug("%s: configuration %s parsed", repo, key)
        with self._lock:
            self._cache[key] = policy
            self._cache.move_to_end(key)
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
        return policy


def _repository_file(github: GitHubPort, branch: str) -> VersionedFile | None:
    for name in CONFIG_FILE_NAMES:
        found = github.config_file(name, ref=branch)
        if found is not None:
            return found
    return None
