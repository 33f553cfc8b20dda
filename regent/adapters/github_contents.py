"""Files read through the contents API with their blob sha (configuration in webhook mode)."""

from __future__ import annotations

import base64

from github.GithubException import GithubException
from github.GithubObject import NotSet

from regent.adapters.github_call import RepoCall, absent
from regent.core.errors import ConfigError
from regent.core.github_port import VersionedFile


def versioned_file(call: RepoCall, path: str, *, ref: str | None) -> VersionedFile | None:
    """One contents request (two for a file over 1 MB); None when absent or not a file."""
    try:
        found = call.api.get_contents(path, ref=NotSet if ref is None else ref)
    except GithubException as error:
        if absent(error):
            return None
        raise
    if isinstance(found, list) or found.type != "file":
        return None
    if found.encoding == "base64":
        data = found.decoded_content
    else:
        data = base64.b64decode(call.request("GET", f"/git/blobs/{found.sha}")["content"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"is not UTF-8 text (byte {error.start}); save the file as UTF-8",
            path=f"{call.ref}:{path}",
        ) from None
    return VersionedFile(path=path, sha=found.sha, text=text)
