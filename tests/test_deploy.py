"""deploy/: the example compose file runs commands that exist, splits shards without gaps or overlaps,
and the proxy spreads Slack over the workers it defines."""
from __future__ import annotations

import re

import yaml

from adapters.cli import _parser

from .conftest import ROOT

DEPLOY = ROOT / "deploy"


def services():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["services"]


def test_every_shortlist_service_runs_a_real_command_on_postgresql():
    for name, service in services().items():
        if "build" not in service:
            continue
        args = _parser().parse_args(service["command"])  # exits (fails the test) on an unknown flag
        assert args.action in ("run", "db"), name
        assert service["environment"]["SHORTLIST_DB"].startswith("postgresql://"), name


def test_discord_shard_groups_cover_every_shard_once():
    groups = [_parser().parse_args(s["command"]) for s in services().values()
              if "build" in s and "--discord" in s["command"]]
    assert len(groups) >= 2
    [count] = {g.shard_count for g in groups}
    shards = sorted(i for g in groups for i in g.shards)
    assert shards == list(range(count))


def test_the_proxy_spreads_slack_over_the_workers():
    slack = {name: s for name, s in services().items() if "build" in s and "--slack" in s["command"]}
    assert len(slack) >= 2
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    upstream = set(re.findall(r"server (\S+):(\d+);", conf))
    assert upstream == {(name, _parser().parse_args(s["command"]).port.__str__()) for name, s in slack.items()}
    assert "location /slack/events" in conf
    # Kept-alive connections to the workers: HTTP/1.1 and no "Connection: close" passed on.
    assert re.search(r"keepalive \d+;", conf) and "proxy_http_version 1.1;" in conf
    assert 'proxy_set_header Connection "";' in conf
