"""Plugins: Python entry points the configuration selects by name.

``release_regent.version_schemes`` (``version_scheme: <name>``), ``release_regent.notifiers``
(``notifications.plugins: [{name}]``) and ``release_regent.template_filters``
(``templates.filters: [<name>]``). A plugin that is not installed, fails to import, is of the
wrong kind or raises while being built is a ``PluginError`` (a configuration error; the
validators place it on its line); a version scheme that raises while in use is one too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points

from regent.core.errors import ConfigError, InvalidVersionError
from regent.core.versioning.versions import Version, VersionScheme

SCHEMES = "release_regent.version_schemes"
NOTIFIERS = "release_regent.notifiers"
TEMPLATE_FILTERS = "release_regent.template_filters"

_SCHEME_METHODS = ("parse", "try_parse", "check_channel")


class PluginError(ConfigError):
    """A plugin the configuration names that cannot be used; ``reason`` says why."""

    def __init__(self, reason: str, *, key: str) -> None:
        super().__init__(reason, key=key)
        self.reason = reason


class PluginMissing(PluginError):
    """No installed package declares the entry point; ``installed`` names those that exist."""

    def __init__(self, reason: str, *, key: str, installed: tuple[str, ...]) -> None:
        super().__init__(reason, key=key)
        self.installed = installed


_loaded: dict[tuple[str, str], object] = {}
_lock = threading.Lock()


def load_plugin(group: str, name: str, *, key: str) -> object:
    """The object entry point ``name`` of ``group`` refers to (loaded once per process)."""
    with _lock:
        if (group, name) in _loaded:
            return _loaded[(group, name)]
    found = [point for point in entry_points(group=group) if point.name == name]
    if not found:
        installed = tuple(sorted({point.name for point in entry_points(group=group)}))
        listed = f"installed: {', '.join(installed)}" if installed else "none is installed"
        raise PluginMissing(
            f"no plugin named {name!r} in entry point group {group} ({listed}); install the "
            "package providing it in the environment Release Regent runs in",
            key=key,
            installed=installed,
        )
    try:
        loaded = found[0].load()
    except Exception as error:  # an import error, or anything the plugin's module raises
        raise PluginError(f"{_named(found[0])} cannot be loaded: {_said(error)}", key=key) from None
    with _lock:
        _loaded[(group, name)] = loaded
    return loaded


def version_scheme_plugin(name: str) -> VersionScheme:
    """The version scheme plugin ``name``: an object with ``parse``, ``try_parse`` and
    ``check_channel``, or a class or function taking no arguments that returns one."""
    key = "version_scheme"
    loaded = load_plugin(SCHEMES, name, key=key)
    scheme = loaded if _is_scheme(loaded) else _built(loaded, name=name, key=key)
    if not _is_scheme(scheme):
        raise PluginError(
            f"the version scheme plugin {name!r} gave {type(scheme).__name__}, not a version "
            f"scheme (an object with {', '.join(_SCHEME_METHODS)})",
            key=key,
        )
    return GuardedScheme(name, scheme)  # type: ignore[arg-type]  # checked by _is_scheme


def template_filter(name: str) -> Callable[..., object]:
    """The Jinja filter plugin ``name``: a function."""
    key = "templates.filters"
    loaded = load_plugin(TEMPLATE_FILTERS, name, key=key)
    if not callable(loaded) or isinstance(loaded, type):
        raise PluginError(
            f"the template filter plugin {name!r} is {type(loaded).__name__}, not a function",
            key=key,
        )
    return loaded


def notifier_factory(name: str) -> Callable[..., object]:
    """The notifier plugin ``name``: a factory taking the plugin's entry (its name and
    options) and the environment, returning an object with ``name`` and ``notify(event)``."""
    loaded = load_plugin(NOTIFIERS, name, key="notifications.plugins")
    if not callable(loaded):
        raise PluginError(
            f"the notifier plugin {name!r} is {type(loaded).__name__}, not a class or function "
            "building a notifier",
            key="notifications.plugins",
        )
    return loaded


def find_notifier(name: str) -> Callable[..., object] | None:
    """``notifier_factory``, None when ``name`` is no usable plugin (the notifier registry's
    lookup: the run goes on and the unusable notifier's failure is logged)."""
    try:
        return notifier_factory(name)
    except PluginError:
        return None


class GuardedScheme:
    """A plugin's version scheme that names the plugin when it raises: a text it fails on is
    no version (``InvalidVersionError``, so a configured version or channel is refused on its
    line), and a failure while reading tags is a ``PluginError``."""

    def __init__(self, name: str, scheme: VersionScheme) -> None:
        self.name = name
        self.scheme = scheme

    def parse(self, text: str) -> Version:
        try:
            return self.scheme.parse(text)
        except InvalidVersionError:
            raise
        except Exception as error:  # a broken plugin is reported, not a crash
            raise InvalidVersionError(self._failed(text, error)) from None

    def try_parse(self, text: str) -> Version | None:
        try:
            return self.scheme.try_parse(text)
        except Exception as error:  # a broken plugin is reported, not a crash
            raise PluginError(self._failed(text, error), key="version_scheme") from None

    def check_channel(self, channel: str) -> str:
        try:
            return self.scheme.check_channel(channel)
        except InvalidVersionError:
            raise
        except Exception as error:  # a broken plugin is reported, not a crash
            raise InvalidVersionError(self._failed(channel, error)) from None

    @property
    def initial_version(self) -> str | None:
        """The scheme's own first version, if it has one."""
        value = getattr(self.scheme, "initial_version", None)
        return value if isinstance(value, str) else None

    def _failed(self, text: str, error: Exception) -> str:
        return f"the version scheme plugin {self.name!r} failed on {text!r}: {_said(error)}"


def _is_scheme(value: object) -> bool:
    return not isinstance(value, type) and all(
        callable(getattr(value, method, None)) for method in _SCHEME_METHODS
    )


def _built(factory: object, *, name: str, key: str) -> object:
    if not callable(factory):
        raise PluginError(
            f"the version scheme plugin {name!r} is {type(factory).__name__}, not a version "
            f"scheme (an object with {', '.join(_SCHEME_METHODS)}) or a class building one",
            key=key,
        )
    try:
        return factory()
    except Exception as error:  # the plugin's own constructor failed
        raise PluginError(
            f"the version scheme plugin {name!r} failed: {_said(error)}", key=key
        ) from None


def _named(point: EntryPoint) -> str:
    package = f" of {point.dist.name}" if point.dist is not None else ""
    return f"the plugin {point.name!r} ({point.value}{package})"


def _said(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
