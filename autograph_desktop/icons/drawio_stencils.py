"""draw.io's cloud stencils (aws4, aws3, gcp2, azure, kubernetes, ibm, alibaba...) as icons of our catalogue.

draw.io names a cloud icon by library and service (`mxgraph.aws4.lambda_function`, or a resource tile
`mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.s3`); the cloud pack names the same artwork by provider,
category and file (`diagrams.aws/storage/simple-storage-service-s3`). Matching is by name: a small alias
table for the names that differ, the pack's own short names (its modules say `S3 = SimpleStorageServiceS3`),
then the normalised name with draw.io's and the vendors' filler words dropped.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from autograph_desktop.icons.catalogue import (
    IconEntry,
    diagrams_resources_dir,
    load_diagrams_pack,
    load_simple_icons,
    package_dir,
)

#: draw.io stencil library -> the pack's provider folder.
PROVIDERS: dict[str, str] = {
    "aws4": "aws", "aws3": "aws", "aws3d": "aws", "aws2": "aws", "aws": "aws",
    "gcp2": "gcp", "gcp": "gcp", "gcpicons": "gcp",
    "azure": "azure", "azure2": "azure", "mscae": "azure",
    "kubernetes": "k8s", "kubernetes2": "k8s",
    "ibm": "ibm", "ibm2": "ibm",
    "alibaba_cloud": "alibabacloud", "alibabacloud": "alibabacloud",
    "openstack": "openstack", "oci": "oci", "digitalocean": "digitalocean", "elastic": "elastic",
}
#: Stencils that name a tile whose artwork is a style value (`resIcon=`, `prIcon=`).
TILE_KEYS: dict[str, str] = {"resourceIcon": "resIcon", "productIcon": "prIcon", "hexIcon": "prIcon",
                             "icon": "prIcon", "icon2": "prIcon"}

#: draw.io names whose pack file is called something else (provider -> draw.io name -> path in provider).
ALIASES: dict[str, dict[str, str]] = {
    "aws": {
        "s3": "storage/simple-storage-service-s3", "api_gateway": "network/api-gateway",
        "notebook": "ml/sagemaker-notebook", "bucket": "storage/simple-storage-service-s3-bucket",
        "bucket_with_objects": "storage/simple-storage-service-s3-bucket-with-objects",
        "ecr": "compute/ec2-container-registry", "ecs": "compute/elastic-container-service",
        "ecs_task": "compute/elastic-container-service-task",
        "ecs_service": "compute/elastic-container-service-service",
        "container_1": "compute/elastic-container-service-container", "container_2":
            "compute/elastic-container-service-container", "container_3": "compute/elastic-container-service-container",
        "eks": "compute/elastic-kubernetes-service", "ec2": "compute/ec2", "instance": "compute/ec2-instance",
        "instances": "compute/ec2-instances", "instance2": "compute/ec2-instance",
        "role": "security/identity-and-access-management-iam-role",
        "iam": "security/identity-and-access-management-iam",
        "identity_and_access_management": "security/identity-and-access-management-iam",
        "temporary_security_credential": "security/identity-and-access-management-iam-temporary-security-credential",
        "long_term_security_credential": "security/identity-and-access-management-iam-long-term-security-credential",
        "permissions": "security/identity-and-access-management-iam-permissions",
        "mfa_token": "security/identity-and-access-management-iam-mfa-token",
        "kms": "security/key-management-service", "key_management_service": "security/key-management-service",
        "parameter_store": "management/systems-manager-parameter-store",
        "elastic_network_interface": "network/vpc-elastic-network-interface",
        "elastic_network_adapter": "network/vpc-elastic-network-adapter",
        "flow_logs": "network/vpc-flow-logs", "router": "network/vpc-router", "peering": "network/vpc-peering",
        "customer_gateway": "network/vpc-customer-gateway",
        "application_load_balancer": "network/elb-application-load-balancer",
        "network_load_balancer": "network/elb-network-load-balancer",
        "classic_load_balancer": "network/elb-classic-load-balancer",
        "elastic_load_balancing": "network/elastic-load-balancing", "elb": "network/elastic-load-balancing",
        "hosted_zone": "network/route-53-hosted-zone", "route_53": "network/route-53",
        "endpoints": "network/endpoint", "vpc_endpoints": "network/endpoint",
        "sqs": "integration/simple-queue-service-sqs", "queue": "integration/simple-queue-service-sqs-queue",
        "sns": "integration/simple-notification-service-sns", "topic": "integration/simple-notification-service-sns-topic",
        "email_notification": "integration/simple-notification-service-sns-email-notification",
        "event_bus": "integration/eventbridge-default-event-bus-resource", "rule": "integration/eventbridge-rule",
        "efs": "storage/elastic-file-system-efs", "elastic_file_system": "storage/elastic-file-system-efs",
        "ebs": "storage/elastic-block-store-ebs", "elastic_block_store": "storage/elastic-block-store-ebs",
        "volume": "storage/elastic-block-store-ebs-volume", "snapshot": "storage/elastic-block-store-ebs-snapshot",
        "glacier": "storage/s3-glacier", "s3_glacier": "storage/s3-glacier",
        "dynamodb": "database/dynamodb", "table": "database/dynamodb-table",
        "documentdb_with_mongodb_compatibility": "database/documentdb-mongodb-compatibility",
        "opensearch_service": "analytics/elasticsearch-service", "elasticsearch_service": "analytics/elasticsearch-service",
        "cloudwatch_2": "management/cloudwatch", "alarm": "management/cloudwatch-alarm",
        "logs": "management/cloudwatch-logs", "ssm": "management/systems-manager",
        "users": "general/users", "user": "general/user", "client": "general/client", "mobile_client":
            "general/mobile-client", "internet": "general/internet-alt1", "internet_alt1": "general/internet-alt1",
        "internet_alt2": "general/internet-alt2", "corporate_data_center": "general/office-building",
        "office_building": "general/office-building", "generic_database": "general/generic-database",
        "traditional_server": "general/traditional-server", "servers": "general/traditional-server",
        "sagemaker_model": "ml/sagemaker-model", "lambda": "compute/lambda",
        "lambda_function": "compute/lambda-function", "cognito": "security/cognito", "waf": "security/waf",
        "secrets_manager": "security/secrets-manager", "certificate_manager": "security/certificate-manager",
        "certificate_manager_3": "security/certificate-manager", "shield": "security/shield",
        "codepipeline": "devtools/codepipeline", "codebuild": "devtools/codebuild",
        "codecommit": "devtools/codecommit", "codedeploy": "devtools/codedeploy",
        "cloud9": "devtools/cloud9", "x_ray": "devtools/x-ray",
    },
    "gcp": {
        "cloud_storage": "storage/storage", "gcs": "storage/storage", "cloud_sql": "database/sql",
        "cloud_functions": "compute/functions", "cloud_run": "compute/run", "gke": "compute/kubernetes-engine",
        "container_engine": "compute/kubernetes-engine", "cloud_pubsub": "analytics/pubsub",
        "cloud_dns": "network/dns", "cloud_load_balancing": "network/load-balancing",
        "cloud_cdn": "network/cdn", "cloud_nat": "network/nat", "cloud_router": "network/router",
        "cloud_armor": "network/armor", "virtual_private_cloud": "network/virtual-private-cloud",
        "cloud_vpn": "network/vpn", "cloud_iam": "security/iam", "cloud_logging": "operations/logging",
        "stackdriver_logging": "operations/logging", "logging": "operations/logging",
        "cloud_monitoring": "operations/monitoring", "stackdriver": "operations/monitoring",
        "stackdriver_monitoring": "operations/monitoring", "monitoring": "operations/monitoring",
        "cloud_spanner": "database/spanner", "cloud_bigtable": "database/bigtable",
        "cloud_datastore": "database/datastore", "cloud_firestore": "database/firestore",
        "cloud_memorystore": "database/memorystore", "cloud_dataflow": "analytics/dataflow",
        "cloud_dataproc": "analytics/dataproc", "cloud_composer": "analytics/composer",
        "cloud_build": "devtools/build", "container_registry": "devtools/container-registry",
        "cloud_scheduler": "devtools/scheduler", "cloud_tasks": "devtools/tasks",
        "persistent_disk_snapshot": "storage/persistent-disk", "cloud_filestore": "storage/filestore",
        "cloud_endpoints": "api/endpoints", "apigee_api_platform": "api/apigee",
        "key_management_service": "security/key-management-service", "cloud_key_management_service":
            "security/key-management-service", "google_cloud_platform": "",
    },
    "azure": {"storage_blob": "storage/blob-storage", "storage": "storage/storage-accounts"},
    "k8s": {
        "deployment": "compute/deploy", "daemonset": "compute/ds", "daemon_set": "compute/ds",
        "replicaset": "compute/rs", "replica_set": "compute/rs", "statefulset": "compute/sts",
        "stateful_set": "compute/sts", "service": "network/svc", "ingress": "network/ing",
        "endpoint": "network/ep", "network_policy": "network/netpol", "config_map": "podconfig/cm",
        "configmap": "podconfig/cm", "namespace": "group/ns", "persistent_volume": "storage/pv",
        "persistent_volume_claim": "storage/pvc", "storage_class": "storage/sc", "volume": "storage/vol",
        "control_plane": "infra/master", "kubernetes": "",
    },
}

#: Words draw.io and the vendors put before or after a service's name that the pack's file names lack.
_FILLER = ("amazon", "aws", "google", "cloud", "azure", "microsoft", "ibm", "alibaba", "service", "services",
           "icon", "1", "2", "3")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _norm(name: str) -> str:
    return _NON_ALNUM.sub(" ", name.lower()).strip()


def _variants(name: str) -> list[str]:
    """The names to try for a draw.io name, most faithful first: as is, then without filler words."""
    words = _norm(name).split()
    out = [" ".join(words)]
    trimmed = list(words)
    while len(trimmed) > 1 and trimmed[0] in _FILLER:
        trimmed = trimmed[1:]
        out.append(" ".join(trimmed))
    while len(trimmed) > 1 and trimmed[-1] in _FILLER:
        trimmed = trimmed[:-1]
        out.append(" ".join(trimmed))
    core = [w for w in words if w not in _FILLER]
    if core:
        out.append(" ".join(core))
    return list(dict.fromkeys(v.replace(" ", "") for v in out if v))


def _pack_aliases(package: Path | None) -> dict[str, dict[str, str]]:
    """The pack's own short names per provider (`S3 = SimpleStorageServiceS3` in diagrams/aws/storage.py),
    read from its modules as data: (provider -> normalised short name -> path in provider)."""
    out: dict[str, dict[str, str]] = {}
    if package is None or not package.is_dir():
        return out
    for module in sorted(package.glob("*/*.py")):
        provider, category = module.parent.name, module.stem
        try:
            tree = ast.parse(module.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            continue
        icons: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (isinstance(item, ast.Assign) and len(item.targets) == 1
                            and isinstance(item.targets[0], ast.Name) and item.targets[0].id == "_icon"
                            and isinstance(item.value, ast.Constant) and isinstance(item.value.value, str)):
                        icons[node.name] = f"{category}/{item.value.value.removesuffix('.png')}"
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                  and isinstance(node.value, ast.Name) and node.value.id in icons):
                short = _norm(node.targets[0].id).replace(" ", "")
                out.setdefault(provider, {}).setdefault(short, icons[node.value.id])
    return out


class StencilIcons:
    """Finds the catalogue icon for a draw.io stencil among the cloud pack's entries."""

    def __init__(self, entries: Iterable[IconEntry], pack_aliases: dict[str, dict[str, str]] | None = None) -> None:
        self._ids: set[str] = set()
        #: provider -> normalised file name -> path in provider (the shortest path wins: no "-rounded").
        self._by_name: dict[str, dict[str, str]] = {}
        #: (provider, category, normalised file name) -> path, for a name found in several categories.
        self._by_category: dict[tuple[str, str, str], str] = {}
        for entry in entries:
            if not entry.id.startswith("diagrams."):
                continue
            self._ids.add(entry.id)
            provider, _, rest = entry.id[len("diagrams."):].partition("/")
            key = _norm(rest.rsplit("/", 1)[-1]).replace(" ", "")
            names = self._by_name.setdefault(provider, {})
            if key not in names or len(rest) < len(names[key]):
                names[key] = rest
            self._by_category[(provider, rest.split("/", 1)[0], key)] = rest
        self._pack_aliases = pack_aliases or {}

    def _known(self, provider: str, path: str) -> str | None:
        icon = f"diagrams.{provider}/{path}"
        return icon if path and icon in self._ids else None

    @property
    def empty(self) -> bool:
        return not self._ids

    def icon_for(self, stencil: str, values: dict[str, str] | None = None) -> str | None:
        """The catalogue id for a stencil (`mxgraph.<library>.<name>` and its style), or None."""
        named = cloud_stencil(stencil, values)
        if named is None:
            return None
        provider, name = named
        return self.icon_named(provider, name)

    def icon_anywhere(self, name: str, first: str | None = None, category: str = "") -> str | None:
        """The icon for a name in `first`'s folder (in `category` if it has one there), else in any
        provider's, on-premises software first (a Docker logo)."""
        if first and category:
            for variant in _variants(name):
                path = self._by_category.get((first, category.lower(), variant))
                if path and (found := self._known(first, path)):
                    return found
        rest = sorted(self._by_name, key=lambda p: (p != "onprem", p))
        for provider in ([first] if first else []) + [p for p in rest if p != first]:
            if (found := self.icon_named(provider, name)) is not None:
                return found
        return None

    def icon_named(self, provider: str, name: str) -> str | None:
        aliases = ALIASES.get(provider, {})
        exact = name.lower()
        if exact in aliases:
            return self._known(provider, aliases[exact])
        names = self._by_name.get(provider, {})
        shorts = self._pack_aliases.get(provider, {})
        for variant in _variants(name):
            for table in (names, shorts):
                if variant in table and (found := self._known(provider, table[variant])):
                    return found
        return None


def cloud_stencil(stencil: str, values: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(provider, name) of the artwork a cloud vendor's stencil shows (a tile's `resIcon`/`prIcon` for
    tiles), or None for a stencil of any other library."""
    parts = stencil.split(".")
    if len(parts) < 3 or parts[0] != "mxgraph":
        return None
    provider = PROVIDERS.get(parts[1].lower())
    if provider is None:
        return None
    name = parts[-1]
    tile_key = TILE_KEYS.get(name)
    if tile_key is not None:
        name = (values or {}).get(tile_key, "").rsplit(".", 1)[-1]
    return (provider, name) if name else None


def tile_name(stencil: str, values: dict[str, str] | None = None) -> str | None:
    """The stencil name that says what a cloud stencil shows: `mxgraph.aws4.s3` for a resource tile whose
    `resIcon` is that, the stencil itself otherwise (None outside the cloud libraries)."""
    named = cloud_stencil(stencil, values)
    if named is None:
        return None
    library = stencil.split(".")[1]
    return f"mxgraph.{library}.{named[1]}"


@lru_cache(maxsize=1)
def shared_stencil_icons() -> StencilIcons:
    """The matcher over the installed cloud pack (empty when the pack is not installed)."""
    resources = diagrams_resources_dir()
    if resources is None:
        return StencilIcons([])
    return StencilIcons(load_diagrams_pack(resources), _pack_aliases(package_dir("diagrams")))


def stencil_icon(stencil: str, values: dict[str, str] | None = None) -> str | None:
    """The catalogue icon that draws a draw.io cloud stencil, or None when the pack has none for it."""
    return shared_stencil_icons().icon_for(stencil, values)


#: draw.io's bundled image libraries (`image=img/lib/<library>/.../<Name>.svg`) -> the pack's provider.
IMAGE_LIBRARIES: dict[str, str] = {"azure2": "azure", "mscae": "azure", "ibm": "ibm", "gcp": "gcp", "aws": "aws",
                                   "kubernetes": "k8s", "alibaba": "alibabacloud"}


def library_image(url: str) -> tuple[str | None, str, str] | None:
    """(provider or None, category, name) for an image of draw.io's own libraries
    (`img/lib/azure2/compute/Function_Apps.svg`)."""
    parts = url.split("/")
    if len(parts) < 4 or parts[0] != "img" or parts[1] != "lib":
        return None
    stem = parts[-1].rsplit(".", 1)[0]
    stem = re.sub(r"^\d+[-_]icon[-_]service[-_]", "", stem)  # azure2's numbered file names
    category = parts[-2] if len(parts) > 4 else ""
    return IMAGE_LIBRARIES.get(parts[2].lower()), category, stem


def image_icon(url: str) -> str | None:
    """The catalogue icon for an image of draw.io's own libraries, or None."""
    found = library_image(url)
    if found is None or not found[2]:
        return None
    return shared_stencil_icons().icon_anywhere(found[2], found[0], found[1])


def drawio_icon(ref: str) -> str | None:
    """The catalogue icon for what a `drawio:` icon id names: a cloud stencil or a library image."""
    return image_icon(ref) if ref.startswith("img/") else stencil_icon(ref)


#: draw.io libraries of brand logos, drawn with Simple Icons (bundled) by the brand's name.
LOGO_LIBRARIES = ("mxgraph.weblogos.", "mxgraph.signs.tech.", "mxgraph.gcp2.", "mxgraph.mscae.")


#: draw.io logo names that differ from the brand's Simple Icons slug.
_LOGO_NAMES = {"google_cloud_platform": "googlecloud", "gcp": "googlecloud", "amazon_web_services": "amazonaws",
               "aws": "amazonaws", "microsoft_azure": "microsoftazure", "azure": "microsoftazure"}


@lru_cache(maxsize=1)
def _logo_slugs() -> frozenset[str]:
    return frozenset(entry.id for entry in load_simple_icons())


def logo_icon(stencil: str, slugs: frozenset[str] | None = None) -> str | None:
    """The Simple Icons logo for a brand stencil (`mxgraph.weblogos.github` -> `si.github`), or None."""
    if not stencil.startswith(LOGO_LIBRARIES):
        return None
    known = _logo_slugs() if slugs is None else slugs
    name = stencil.rsplit(".", 1)[-1].lower()
    name = _LOGO_NAMES.get(name, name)
    candidates = [name, name.rstrip("0123456789_"), name.replace("_", "")]
    if stencil.startswith("mxgraph.weblogos."):  # `github_2`, `docker_alt`: the brand is the first word
        candidates.append(name.split("_")[0])
    for candidate in candidates:
        icon = f"si.{_NON_ALNUM.sub('', candidate)}"
        if candidate and icon in known:
            return icon
    return None


def pack_installed() -> bool:
    """Whether the cloud pack is there to draw cloud stencils (when it is not, they wait for it)."""
    return not shared_stencil_icons().empty
