"""Mermaid icon names (`database`, `logos:aws-s3`, `mdi:server`) mapped onto our icon catalogue.

Architecture diagrams name icons the way Mermaid's icon packs do: five built-in names, and iconify
`pack:name` pairs. Built-in names and iconify packs we ship (Material Design, Font Awesome, Phosphor,
Remix, Codicons, Simple Icons) map one to one; `logos:` brand names map to Simple Icons or, for cloud
services, to the optional cloud pack. Anything else gets a generic icon chosen from words in its name,
with a warning saying so, so a diagram never shows an empty box for a typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Mermaid's built-in architecture icons.
BUILTIN: dict[str, str] = {
    "cloud": "mdi6.cloud-outline",
    "database": "mdi6.database-outline",
    "disk": "mdi6.harddisk",
    "internet": "mdi6.web",
    "server": "mdi6.server",
}
#: Iconify pack prefixes that have a set of the same glyphs in our catalogue.
PACKS: dict[str, str] = {
    "mdi": "mdi6", "fa": "fa6s", "fa6-solid": "fa6s", "fa-solid": "fa6s", "fa6-regular": "fa6",
    "fa-regular": "fa6", "fa6-brands": "fa6b", "fa-brands": "fa6b", "ph": "ph", "ri": "ri",
    "codicon": "msc", "simple-icons": "si",
}
#: Words in an icon name -> the generic icon drawn when the name itself is unknown (first match wins).
GENERIC: tuple[tuple[tuple[str, ...], str], ...] = (
    (("db", "sql", "database", "aurora", "dynamo", "rds", "mongo", "cassandra", "redshift", "postgres"),
     "mdi6.database-outline"),
    (("cache", "redis", "memcache", "elasticache"), "mdi6.memory"),
    (("s3", "storage", "disk", "blob", "bucket", "glacier", "efs", "ebs", "drive", "file", "backup"),
     "mdi6.harddisk"),
    (("queue", "sqs", "sns", "kafka", "bus", "mq", "kinesis", "stream", "event", "pubsub", "topic"),
     "mdi6.tray-full"),
    (("lambda", "function", "faas"), "mdi6.lambda"),
    (("gateway", "internet", "cdn", "cloudfront", "dns", "route53", "elb", "alb", "balancer", "web", "api"),
     "mdi6.web"),
    (("vpc", "network", "subnet", "router", "lan", "firewall"), "mdi6.lan"),
    (("user", "person", "client", "customer", "account"), "mdi6.account"),
    (("mobile", "phone", "app"), "mdi6.cellphone"),
    (("ec2", "vm", "server", "compute", "instance", "host", "container", "ecs", "eks", "k8s", "kubernetes",
      "docker", "fargate", "pod"), "mdi6.server"),
    (("iam", "security", "auth", "cognito", "key", "secret", "vault", "shield", "waf"), "mdi6.shield-outline"),
    (("monitor", "cloudwatch", "metrics", "log", "grafana", "prometheus"), "mdi6.chart-box-outline"),
    (("mail", "email", "ses", "smtp"), "mdi6.email-outline"),
    (("cloud", "aws", "azure", "gcp", "google"), "mdi6.cloud-outline"),
)
FALLBACK = "mdi6.cube-outline"
#: Short AWS service names (as in `logos:aws-s3`) -> the file name of that service in the cloud pack.
AWS_FILES: dict[str, str] = {
    "s3": "simple-storage-service-s3", "sqs": "simple-queue-service-sqs", "sns": "simple-notification-service-sns",
    "elb": "elastic-load-balancing", "ecs": "elastic-container-service", "eks": "elastic-kubernetes-service",
    "iam": "identity-and-access-management-iam", "glacier": "s3-glacier", "route53": "route-53",
    "api-gateway": "api-gateway", "dynamodb": "dynamodb", "cloudwatch": "cloudwatch", "aurora": "aurora",
    "ec2": "ec2", "lambda": "lambda", "rds": "rds", "cloudfront": "cloudfront", "kinesis": "kinesis",
    "elasticache": "elasticache", "redshift": "redshift", "cognito": "cognito", "fargate": "fargate",
    "step-functions": "step-functions", "eventbridge": "eventbridge", "vpc": "vpc",
}
CLOUD_PREFIXES: dict[str, str] = {"aws": "aws", "google-cloud": "gcp", "gcp": "gcp", "azure": "azure"}
_NAME = re.compile(r"^[A-Za-z0-9][\w.+-]*(?::[\w.+-]+)?$")


@dataclass(frozen=True, slots=True)
class IconChoice:
    """The catalogue id to draw, and a sentence for the user when it is a stand-in for what they named."""

    icon: str
    note: str | None = None


def _catalogue_ids() -> tuple[set[str], dict[str, str]]:
    """Every icon id we can draw, and the cloud pack's ids by `<provider>/<file stem>`."""
    from autograph_desktop.icons import shared_catalogue

    ids: set[str] = set()
    cloud: dict[str, str] = {}
    for entry in shared_catalogue().entries():
        ids.add(entry.id)
        if entry.set == "diagrams":
            rel = entry.id[len("diagrams."):]
            provider, _, rest = rel.partition("/")
            cloud.setdefault(f"{provider}/{rest.rsplit('/', 1)[-1]}", entry.id)
    return ids, cloud


def generic_icon(name: str) -> str:
    """A generic icon for the words in `name` (`aws-aurora` -> a database)."""
    words = set(re.split(r"[^a-z0-9]+", name.lower()))
    low = name.lower()
    for keys, icon in GENERIC:
        if any(k in words or (len(k) > 3 and k in low) for k in keys):
            return icon
    return FALLBACK


def _brand(name: str, ids: set[str], cloud: dict[str, str]) -> str | None:
    """A `logos:` name as a cloud-pack service or a Simple Icons brand."""
    for prefix, provider in CLOUD_PREFIXES.items():
        if name.startswith(prefix + "-"):
            service = name[len(prefix) + 1:]
            stem = AWS_FILES.get(service, service) if provider == "aws" else service
            found = cloud.get(f"{provider}/{stem}")
            if found:
                return found
    stem = re.sub(r"-(icon|wordmark)$", "", name)
    for candidate in (f"si.{stem.replace('-', '')}", f"si.{name.replace('-', '')}", f"fa6b.{stem}", f"mdi6.{stem}"):
        if candidate in ids:
            return candidate
    return None


class IconResolver:
    """Resolves the icon names of one diagram; reads the catalogue once, and only if a name needs it."""

    def __init__(self) -> None:
        self._ids: set[str] | None = None
        self._cloud: dict[str, str] = {}

    def _catalogue(self) -> set[str]:
        if self._ids is None:
            self._ids, self._cloud = _catalogue_ids()
        return self._ids

    def resolve(self, name: str) -> IconChoice:
        """Our icon for a Mermaid icon name; `note` is set when it is a generic stand-in."""
        name = name.strip()
        if name in BUILTIN:
            return IconChoice(BUILTIN[name])
        if not _NAME.match(name):
            return IconChoice(FALLBACK, f"'{name}' is not an icon name; a generic icon is drawn")
        ids = self._catalogue()
        if name in ids:
            return IconChoice(name)  # already one of ours (`mdi6.server`), as our own export writes
        pack, colon, glyph = name.partition(":")
        if colon:
            if pack in PACKS and f"{PACKS[pack]}.{glyph}" in ids:
                return IconChoice(f"{PACKS[pack]}.{glyph}")
            if pack == "logos":
                found = _brand(glyph, ids, self._cloud)
                if found:
                    return IconChoice(found)
        stand_in = generic_icon(glyph if colon else name)
        cloud_service = colon and pack == "logos" and any(glyph.startswith(p + "-") for p in CLOUD_PREFIXES)
        hint = " (install the cloud icon pack in Preferences > Icon packs for cloud service icons)" \
            if cloud_service else ""
        return IconChoice(stand_in, f"icon '{name}' is not in the icon catalogue; drawn as {stand_in}{hint}")
