"""Icon intelligence: technology names and roles -> icons, in AWS, Azure, GCP or no cloud context."""

from __future__ import annotations

import pytest

from autograph_desktop.ai.iconmap import TECHS, IconResolver, detect_cloud
from autograph_desktop.icons import IconEntry


def catalogue(with_cloud_pack: bool) -> list[IconEntry]:
    """Every icon the table names (as if the `diagrams` pack were installed), or only the bundled sets."""
    ids = {icon for tech in TECHS for icons in tech.icons.values() for icon in icons}
    ids |= {"si.stripe", "si.supabase", "si.snowflake", "mdi6.cog"}
    if not with_cloud_pack:
        ids = {i for i in ids if not i.startswith("diagrams.")}
    return [IconEntry(i, i.split(".", 1)[1].rsplit("/", 1)[-1], i.split(".")[0]) for i in sorted(ids)]


@pytest.fixture(scope="module")
def full() -> IconResolver:
    return IconResolver(catalogue(True))


@pytest.fixture(scope="module")
def bundled() -> IconResolver:
    return IconResolver(catalogue(False))


@pytest.mark.parametrize(("label", "cloud", "icon"), [
    ("EC2", "", "diagrams.aws/compute/ec2"),
    ("Uploads (S3)", "", "diagrams.aws/storage/simple-storage-service-s3"),
    ("Resize worker (Lambda)", "", "diagrams.aws/compute/lambda"),
    ("Orders DB (PostgreSQL)", "", "diagrams.onprem/database/postgresql"),
    ("Orders DB (Postgres)", "aws", "diagrams.aws/database/rds-postgresql-instance"),
    ("Orders DB (Postgres)", "azure", "diagrams.azure/database/database-for-postgresql-servers"),
    ("Session cache (Redis)", "", "diagrams.onprem/inmemory/redis"),
    ("Session cache (Redis)", "gcp", "diagrams.gcp/database/memorystore"),
    ("Events (Kafka)", "", "diagrams.onprem/queue/kafka"),
    ("Kubernetes cluster", "", "diagrams.k8s/infra/master"),
    ("Kubernetes cluster", "azure", "diagrams.azure/compute/kubernetes-services"),
    ("Ingress (nginx)", "", "diagrams.onprem/network/nginx"),
    ("Database", "gcp", "diagrams.gcp/database/sql"),
    ("Message queue", "aws", "diagrams.aws/integration/simple-queue-service-sqs"),
    ("Functions", "azure", None),
    ("Function", "azure", "diagrams.azure/compute/function-apps"),
])
def test_names_map_to_the_right_icons(full: IconResolver, label: str, cloud: str, icon: str | None) -> None:
    choice = full.choose(label, cloud)
    assert (choice.icon if choice else None) == icon


@pytest.mark.parametrize(("label", "icon"), [
    ("EC2", "mdi6.server"), ("Orders DB (PostgreSQL)", "si.postgresql"), ("Redis", "si.redis"),
    ("Kafka", "si.apachekafka"), ("Kubernetes", "si.kubernetes"), ("nginx", "si.nginx"), ("S3", "mdi6.bucket"),
])
def test_without_the_cloud_pack_brand_and_generic_icons_stand_in(bundled: IconResolver, label: str,
                                                                 icon: str) -> None:
    choice = bundled.choose(label)
    assert choice is not None and choice.icon == icon


@pytest.mark.parametrize(("label", "tech"), [("Postgress", "postgres"), ("Kubernets", "kubernetes"),
                                             ("Elasticsearh", "elasticsearch")])
def test_misspellings_still_match(full: IconResolver, label: str, tech: str) -> None:
    choice = full.choose(label)
    assert choice is not None and choice.tech == tech and choice.how == "fuzzy"


def test_brands_outside_the_table_are_found_by_exact_name(full: IconResolver) -> None:
    choice = full.choose("Auth (Supabase)", generic=False)
    assert choice is not None and choice.icon == "si.supabase"
    snow = full.choose("Warehouse (Snowflake)", generic=False)
    assert snow is not None and snow.icon == "si.snowflake" and snow.how == "brand"


def test_plain_steps_get_no_icon(full: IconResolver) -> None:
    for label in ("Validate input", "Ship it", "Is it working?", "Orders service", "Notify user"):
        assert full.choose(label, generic=False) is None
    assert full.choose("Notify user") is not None  # roles count in architecture diagrams


@pytest.mark.parametrize(("text", "cloud"), [
    ("An API on Lambda behind API Gateway, data in DynamoDB and S3", "aws"),
    ("Functions app reading Cosmos DB through Service Bus on Azure", "azure"),
    ("Cloud Run service writing to BigQuery via Pub/Sub", "gcp"),
    ("A monolith with Postgres and Redis", ""),
])
def test_cloud_context(text: str, cloud: str) -> None:
    assert detect_cloud(text) == cloud
