"""Icon intelligence: "EC2", "Orders DB (PostgreSQL)", "Cache (Redis)" -> the icon a person would pick.

A table of technologies and their aliases decides first; each technology lists icons per cloud context
(AWS, Azure, GCP, or none), best first, and the first one the installed catalogue has is used, so the
cloud icon pack is preferred when installed and brand or generic icons stand in otherwise. Misspelt
aliases ("Postgress", "Kubernets") match within one or two edits; brand names missing from the table
("Stripe", "Grafana") are found by an exact name match in the brand icons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from autograph_desktop.icons import IconEntry

D = "diagrams."
Clouds = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Tech:
    """A technology or role: the phrases that name it, whether they are generic words, and its icons."""

    key: str
    aliases: tuple[str, ...]
    icons: Clouds
    generic: bool = False
    cloud: str = ""  # the cloud the name itself belongs to (EC2 is AWS whatever the context)


def _t(key: str, aliases: str, any_: tuple[str, ...] = (), *, aws: tuple[str, ...] = (), azure: tuple[str, ...] = (),
       gcp: tuple[str, ...] = (), generic: bool = False, cloud: str = "") -> Tech:
    icons: Clouds = {"any": any_}
    for name, value in (("aws", aws), ("azure", azure), ("gcp", gcp)):
        if value:
            icons[name] = value
    return Tech(key, tuple(a.strip() for a in aliases.split("|")), icons, generic, cloud)


TECHS: tuple[Tech, ...] = (
    # --- named cloud services (their own cloud, whatever the context)
    _t("ec2", "ec2|amazon ec2", (D + "aws/compute/ec2", "mdi6.server"), cloud="aws"),
    _t("s3", "s3|amazon s3|s3 bucket", (D + "aws/storage/simple-storage-service-s3", "mdi6.bucket"), cloud="aws"),
    _t("lambda", "lambda|aws lambda|lambda function", (D + "aws/compute/lambda", "mdi6.lambda"), cloud="aws"),
    _t("dynamodb", "dynamodb|dynamo db", (D + "aws/database/dynamodb", "mdi6.database"), cloud="aws"),
    _t("rds", "rds|amazon rds|aurora", (D + "aws/database/rds", "mdi6.database"), cloud="aws"),
    _t("sqs", "sqs|simple queue service", (D + "aws/integration/simple-queue-service-sqs", "ph.queue"), cloud="aws"),
    _t("sns", "sns|simple notification service", (D + "aws/integration/simple-notification-service-sns", "mdi6.bell"),
       cloud="aws"),
    _t("cloudfront", "cloudfront", (D + "aws/network/cloudfront", "mdi6.web"), cloud="aws"),
    _t("eks", "eks|elastic kubernetes service", (D + "aws/compute/elastic-kubernetes-service", "si.kubernetes"),
       cloud="aws"),
    _t("ecs", "ecs|fargate|elastic container service", (D + "aws/compute/elastic-container-service", "si.docker"),
       cloud="aws"),
    _t("route53", "route 53|route53", (D + "aws/network/route-53", "mdi6.dns"), cloud="aws"),
    _t("cloudwatch", "cloudwatch", (D + "aws/management/cloudwatch", "mdi6.chart-line"), cloud="aws"),
    _t("cognito", "cognito", (D + "aws/security/cognito", "ph.lock-key"), cloud="aws"),
    _t("kinesis", "kinesis", (D + "aws/analytics/kinesis", "ph.queue"), cloud="aws"),
    _t("redshift", "redshift", (D + "aws/database/redshift", "mdi6.warehouse"), cloud="aws"),
    _t("elb", "elb|alb|nlb|application load balancer|elastic load balancing",
       (D + "aws/network/elastic-load-balancing", "mdi6.scale-balance"), cloud="aws"),
    _t("cosmos", "cosmos db|cosmosdb|cosmos", (D + "azure/database/cosmos-db", "mdi6.database"), cloud="azure"),
    _t("aks", "aks|azure kubernetes service", (D + "azure/compute/kubernetes-services", "si.kubernetes"),
       cloud="azure"),
    _t("azure_functions", "azure functions|function app|function apps", (D + "azure/compute/function-apps",
                                                                          "mdi6.function-variant"), cloud="azure"),
    _t("service_bus", "service bus|azure service bus", (D + "azure/integration/service-bus", "ph.queue"),
       cloud="azure"),
    _t("blob", "blob storage|azure blob|blob", (D + "azure/storage/blob-storage", "mdi6.bucket"), cloud="azure"),
    _t("app_service", "app service|azure app service", (D + "azure/compute/app-services", "mdi6.application"),
       cloud="azure"),
    _t("entra", "entra id|azure ad|active directory|entra", (D + "azure/identity/active-directory", "ph.lock-key"),
       cloud="azure"),
    _t("bigquery", "bigquery|big query", (D + "gcp/analytics/bigquery", "si.googlebigquery"), cloud="gcp"),
    _t("gke", "gke|google kubernetes engine", (D + "gcp/compute/kubernetes-engine", "si.kubernetes"), cloud="gcp"),
    _t("cloud_run", "cloud run", (D + "gcp/compute/run", "si.googlecloud"), cloud="gcp"),
    _t("cloud_functions", "cloud functions|cloud function", (D + "gcp/compute/functions", "mdi6.function-variant"),
       cloud="gcp"),
    _t("pubsub", "pub/sub|pubsub|pub sub", (D + "gcp/analytics/pubsub", "si.googlepubsub"), cloud="gcp"),
    _t("gcs", "cloud storage|gcs", (D + "gcp/storage/storage", "si.googlecloudstorage"), cloud="gcp"),
    _t("spanner", "spanner|cloud spanner", (D + "gcp/database/spanner", "mdi6.database"), cloud="gcp"),
    _t("firestore", "firestore", (D + "gcp/database/firestore", "si.firebase"), cloud="gcp"),
    # --- software that runs anywhere (its cloud's managed flavour when the diagram is about one cloud)
    _t("postgres", "postgres|postgresql|psql", (D + "onprem/database/postgresql", "si.postgresql"),
       aws=(D + "aws/database/rds-postgresql-instance",), azure=(D + "azure/database/database-for-postgresql-servers",),
       gcp=(D + "gcp/database/sql",)),
    _t("mysql", "mysql", (D + "onprem/database/mysql", "si.mysql"), aws=(D + "aws/database/rds-mysql-instance",),
       azure=(D + "azure/database/database-for-mysql-servers",), gcp=(D + "gcp/database/sql",)),
    _t("mariadb", "mariadb", (D + "onprem/database/mariadb", "si.mariadb")),
    _t("mongodb", "mongodb|mongo", (D + "onprem/database/mongodb", "si.mongodb")),
    _t("cassandra", "cassandra", (D + "onprem/database/cassandra", "si.apachecassandra")),
    _t("sqlite", "sqlite", ("si.sqlite",)),
    _t("redis", "redis", (D + "onprem/inmemory/redis", "si.redis"), aws=(D + "aws/database/elasticache-for-redis",),
       azure=(D + "azure/database/cache-for-redis",), gcp=(D + "gcp/database/memorystore",)),
    _t("memcached", "memcached", (D + "onprem/inmemory/memcached", "mdi6.memory")),
    _t("kafka", "kafka|apache kafka", (D + "onprem/queue/kafka", "si.apachekafka"),
       aws=(D + "aws/analytics/managed-streaming-for-kafka",)),
    _t("rabbitmq", "rabbitmq|rabbit mq", (D + "onprem/queue/rabbitmq", "si.rabbitmq")),
    _t("kubernetes", "kubernetes|k8s", (D + "k8s/infra/master", "si.kubernetes"),
       aws=(D + "aws/compute/elastic-kubernetes-service",), azure=(D + "azure/compute/kubernetes-services",),
       gcp=(D + "gcp/compute/kubernetes-engine",)),
    _t("docker", "docker|container", (D + "onprem/container/docker", "si.docker")),
    _t("nginx", "nginx", (D + "onprem/network/nginx", "si.nginx")),
    _t("elasticsearch", "elasticsearch|elastic search|opensearch", (D + "elastic/elasticsearch/elasticsearch",
                                                                      "si.elasticsearch")),
    _t("graphql", "graphql", ("si.graphql",)),
    _t("react", "react", ("si.react",)),
    _t("node", "node.js|nodejs", ("si.nodedotjs",)),
    _t("prometheus", "prometheus", (D + "onprem/monitoring/prometheus", "si.prometheus")),
    _t("grafana", "grafana", (D + "onprem/monitoring/grafana", "si.grafana")),
    # --- roles: generic words, drawn with the context's service when there is one
    _t("user", "user|users|customer|customers|client|actor|person", (D + "onprem/client/user", "ph.user"),
       generic=True),
    _t("browser", "browser|web app|web client|frontend|front end|spa", ("ph.browser",), generic=True),
    _t("mobile", "mobile|mobile app|ios|android|phone", (D + "aws/general/mobile-client", "ph.device-mobile"),
       generic=True),
    _t("database", "database|db|datastore|data store", ("mdi6.database",), aws=(D + "aws/database/rds",),
       azure=(D + "azure/database/sql-databases",), gcp=(D + "gcp/database/sql",), generic=True),
    _t("cache", "cache|caching layer", ("mdi6.cached",), aws=(D + "aws/database/elasticache",),
       azure=(D + "azure/database/cache-for-redis",), gcp=(D + "gcp/database/memorystore",), generic=True),
    _t("queue", "queue|message queue|message broker|broker|event bus|events", ("ph.queue",),
       aws=(D + "aws/integration/simple-queue-service-sqs",), azure=(D + "azure/integration/service-bus",),
       gcp=(D + "gcp/analytics/pubsub",), generic=True),
    _t("object_storage", "object storage|bucket|file storage|storage", ("mdi6.bucket",),
       aws=(D + "aws/storage/simple-storage-service-s3",), azure=(D + "azure/storage/blob-storage",),
       gcp=(D + "gcp/storage/storage",), generic=True),
    _t("function", "function|serverless|worker", ("mdi6.function-variant",), aws=(D + "aws/compute/lambda",),
       azure=(D + "azure/compute/function-apps",), gcp=(D + "gcp/compute/functions",), generic=True),
    _t("load_balancer", "load balancer|lb|balancer", ("mdi6.scale-balance",),
       aws=(D + "aws/network/elastic-load-balancing",), azure=(D + "azure/network/load-balancers",),
       gcp=(D + "gcp/network/load-balancing",), generic=True),
    _t("api_gateway", "api gateway|gateway", ("mdi6.api",), aws=(D + "aws/network/api-gateway",),
       azure=(D + "azure/integration/api-management",), gcp=(D + "gcp/api/api-gateway",), generic=True),
    _t("cdn", "cdn|edge", ("mdi6.web",), aws=(D + "aws/network/cloudfront",), azure=(D + "azure/network/cdn-profiles",),
       gcp=(D + "gcp/network/cdn",), generic=True),
    _t("dns", "dns", ("mdi6.dns",), aws=(D + "aws/network/route-53",), azure=(D + "azure/network/dns-zones",),
       gcp=(D + "gcp/network/dns",), generic=True),
    _t("auth", "auth|authentication|identity|login|sso|oauth", ("ph.lock-key",), aws=(D + "aws/security/cognito",),
       azure=(D + "azure/identity/active-directory",), gcp=(D + "gcp/security/iam",), generic=True),
    _t("monitoring", "monitoring|metrics|observability|logging|logs", ("mdi6.chart-line",),
       aws=(D + "aws/management/cloudwatch",), azure=(D + "azure/monitor/monitor",),
       gcp=(D + "gcp/operations/monitoring",), generic=True),
    _t("warehouse", "data warehouse|warehouse|analytics", ("mdi6.warehouse",), aws=(D + "aws/database/redshift",),
       azure=(D + "azure/database/synapse-analytics",), gcp=(D + "gcp/analytics/bigquery",), generic=True),
    _t("vm", "virtual machine|vm|server|instance|host", ("mdi6.server",), aws=(D + "aws/compute/ec2",),
       azure=(D + "azure/compute/vm",), gcp=(D + "gcp/compute/compute-engine",), generic=True),
    _t("email", "email|e-mail|mail|smtp", ("ph.envelope",), generic=True),
    _t("secrets", "secrets|vault|key vault|kms", ("mdi6.key-chain",), generic=True),
    _t("payments", "payment provider|payments provider|stripe", ("si.stripe",), generic=True),
)

_CLOUD_WORDS: dict[str, tuple[str, ...]] = {
    "aws": ("aws", "amazon", "ec2", "s3", "lambda", "dynamodb", "sqs", "sns", "cloudfront", "rds", "aurora", "eks",
            "ecs", "fargate", "route 53", "cloudwatch", "cognito", "kinesis", "redshift", "elasticache"),
    "azure": ("azure", "cosmos", "aks", "function app", "service bus", "blob storage", "app service", "entra",
              "microsoft"),
    "gcp": ("gcp", "google cloud", "bigquery", "gke", "cloud run", "pub/sub", "pubsub", "cloud storage", "spanner",
            "firestore", "cloud functions"),
}
#: Words never treated as brand names by the fuzzy fallback (they are everyday words in labels).
_COMMON = frozenset({
    "app", "apps", "service", "services", "server", "data", "web", "api", "user", "users", "order",
    "orders", "payment", "payments", "account", "accounts", "admin", "client", "clients", "backend",
    "frontend", "internal", "external", "public", "private", "main", "core", "auth", "search", "report",
    "reports", "notification", "notifications", "email", "message", "messages", "event", "events", "store",
    "shop", "cart", "product", "products", "inventory", "billing", "invoice", "gateway", "proxy", "router",
    "layer", "tier", "node", "nodes", "cluster", "primary", "replica", "read", "write", "sync", "async",
    "job", "jobs", "task", "tasks", "worker", "workers", "queue", "cache", "database", "storage", "file",
    "files", "image", "images", "ui", "portal", "dashboard", "analytics", "monitor", "logs", "log",
    "metrics", "health", "check", "start", "end", "yes", "no", "done", "error",
})


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+(?:[./][a-z0-9]+)*", text.lower())) + " "


def detect_cloud(text: str) -> str:
    """"aws", "azure", "gcp" or "" from the services and names a text mentions."""
    words = _words(text)
    counts = {cloud: sum(words.count(f" {w} ") for w in names) for cloud, names in _CLOUD_WORDS.items()}
    best, count = max(counts.items(), key=lambda kv: kv[1])
    return best if count > 0 else ""


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass(frozen=True, slots=True)
class IconChoice:
    icon: str
    tech: str
    how: str  # "alias", "fuzzy" or "brand"


class IconResolver:
    """Picks icons for node labels among the installed icons (all of them in the app, a few in tests).

    It needs only the icon ids and the brand names, not the catalogue's fuzzy index (a second to build),
    and it reads them on the first label that needs an icon: `IconResolver.installed()` costs nothing for
    a CLI run that draws a sequence diagram.
    """

    def __init__(self, entries: Iterable[IconEntry] | Callable[[], Iterable[IconEntry]]) -> None:
        self._source = entries
        self._ids: set[str] | None = None
        self._brands: dict[str, str] = {}
        self._phrases: list[tuple[str, Tech]] = sorted(
            ((alias, tech) for tech in TECHS for alias in tech.aliases),
            key=lambda pair: (-len(pair[0]), pair[1].generic))
        self._fuzzy_aliases = [(a, t) for a, t in self._phrases if not t.generic and " " not in a and len(a) >= 5]

    @classmethod
    def installed(cls) -> IconResolver:
        """Every installed icon set (bundled fonts, brand icons, the cloud pack when present)."""
        from autograph_desktop.icons.catalogue import DEFAULT_LOADERS

        return cls(lambda: [entry for load in DEFAULT_LOADERS for entry in load()])

    def _load(self) -> set[str]:
        if self._ids is None:
            entries = list(self._source() if callable(self._source) else self._source)
            self._brands = {re.sub(r"[^a-z0-9]", "", e.name.lower()): e.id for e in entries if e.set == "si"}
            self._ids = {e.id for e in entries}
        return self._ids

    def _first_available(self, tech: Tech, cloud: str) -> str | None:
        context = tech.cloud or cloud
        ids = self._load()
        for icon in (*tech.icons.get(context, ()), *tech.icons.get("any", ())):
            if icon in ids:
                return icon
        return None

    def choose(self, label: str, cloud: str = "", *, generic: bool = True) -> IconChoice | None:
        """The icon for one node label in a cloud context, or None when nothing fits well. Without
        `generic`, only named technologies count (a flowchart step "Notify user" gets no person icon)."""
        words = _words(label)
        if len(words) > 120:
            words = words[:120] + " "
        specific = [(a, t) for a, t in self._phrases if not t.generic and f" {a} " in words]
        roles = [(a, t) for a, t in self._phrases if generic and t.generic and f" {a} " in words]
        for _alias, tech in (*specific, *roles):
            icon = self._first_available(tech, cloud)
            if icon is not None:
                return IconChoice(icon, tech.key, "alias")
        tokens = [w for w in words.split() if len(w) >= 5 and w not in _COMMON]
        for token in tokens:
            limit = 1 if len(token) < 8 else 2
            for alias, tech in self._fuzzy_aliases:
                if _edits(token, alias, limit) <= limit:
                    icon = self._first_available(tech, cloud)
                    if icon is not None:
                        return IconChoice(icon, tech.key, "fuzzy")
        self._load()
        for token in tokens:
            brand = self._brands.get(token)
            if brand is not None:
                return IconChoice(brand, token, "brand")
        return None
