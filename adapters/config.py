"""Where settings come from: command-line flags, then environment, then the config file, then defaults."""
from __future__ import annotations

import os
from pathlib import Path


def config_path() -> Path:
    if os.environ.get("SHORTLIST_CONFIG"):
        return Path(os.environ["SHORTLIST_CONFIG"]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "shortlist" / "config.yaml"


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "shortlist"


def load_config() -> dict:
    """The config file as a mapping; a missing file is an empty config, a broken one is an error."""
    path = config_path()
    if not path.exists():
        return {}
    import yaml  # only when there is a file to read
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SystemExit(f"shortlist: the config file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SystemExit(f"shortlist: the config file {path} must be a mapping such as `db: /path/to/file.db`")
    return data


def setting(name: str, flag_value=None, env: str | None = None, default=None, config: dict | None = None):
    """One setting, by precedence: flag, environment variable, config file, default."""
    if flag_value not in (None, ""):
        return flag_value
    if env and os.environ.get(env):
        return os.environ[env]
    if config and config.get(name) not in (None, ""):
        return config[name]
    return default


def database_path(flag_value: str | None, config: dict) -> str:
    """A SQLite file path, or a ``postgresql://`` URL as given."""
    default = data_dir() / "shortlist.db"
    target = str(setting("db", flag_value, "SHORTLIST_DB", default, config))
    if target == str(default):  # Shortlist's own folder is made on first use; a folder the user names is not
        default.parent.mkdir(parents=True, exist_ok=True)
    return target if target.startswith(("postgresql://", "postgres://")) else str(Path(target).expanduser())


def cache_dir() -> Path:
    """Where Shortlist keeps what it can always rebuild (validated guides)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "shortlist"
