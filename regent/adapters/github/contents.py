"""Files read through the contents API with their blob sha (configuration in webhook mode)."""

from __future__ import annotations

import base64

from github.GithubException import GithubException
from github.GithubObject import NotSet

from regent.adapters.github.call import RepoCall, absent
from regent.core.errors import ConfigError
from regent.core.model import VersionedFile
from regent.core.repo_paths import CONFIG_SIZE_LIMIT, decode_repository_file, too_large


def versioned_file(call: RepoCall, path: str, *, ref: str | None) -> VersionedFile | None:
    """One contents request (two for a file over 1 MB); None when absent or a directory.

    GitHub follows a symbolic link to a file of the same repository itself; any other link (out
    of the repository, dangling) arrives as a ``symlink`` and is refused, as is a file over
    ``CONFIG_SIZE_LIMIT`` bytes, before its content is fetched or decoded.
    """
    shown = f"{call.ref}:{path}"
    try:
        found = call.api.get_contents(path, ref=NotSet if ref is None else ref)
    except GithubException as error:
        if absent(error):
            return None
        raise
    if isinstance(found, list) or found.type in ("dir", "submodule"):
        return None
    if found.type != "file":
        raise ConfigError(
            "is a symbolic link leading out of the repository or nowhere; Release Regent reads "
            "only files inside the repository: commit the file itself",
            path=shown,
        )
    if found.size > CONFIG_SIZE_LIMIT:
        raise too_large(shown, limit=CONFIG_SIZE_LIMIT)
    if found.encoding == "base64":
        data = found.decoded_content
    else:
        data = base64.b64decode(call.request("GET", f"/git/blobs/{found.sha}")["content"])
    text = decode_repository_file(data, path=shown, limit=CONFIG_SIZE_LIMIT)
    return VersionedFile(path=path, sha=found.sha, text=text)
