"""draw.io's cloud stencils and library images matched onto the cloud pack's icons by name, with a pack
laid out in a temporary folder (the real pack is optional), and read through the draw.io reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograph_desktop.formats import drawio
from autograph_desktop.icons import drawio_stencils
from autograph_desktop.icons.catalogue import load_diagrams_pack
from autograph_desktop.icons.drawio_stencils import StencilIcons, _pack_aliases, cloud_stencil, library_image
from autograph_desktop.model import Icon, Shape

FILES = (
    "aws/compute/lambda.png", "aws/compute/lambda-function.png", "aws/compute/ec2-container-registry.png",
    "aws/storage/simple-storage-service-s3.png", "aws/storage/simple-storage-service-s3-bucket.png",
    "aws/network/api-gateway.png", "aws/mobile/api-gateway.png", "aws/database/aurora.png",
    "aws/database/dynamodb-rounded.png", "aws/database/dynamodb.png", "gcp/compute/functions.png",
    "gcp/database/sql.png", "gcp/storage/storage.png", "k8s/compute/pod.png", "k8s/compute/deploy.png",
    "azure/compute/function-apps.png", "azure/iot/function-apps.png", "onprem/container/docker.png",
    "digitalocean/compute/docker.png", "ibm/user/user.png",
)
PACK_MODULE = '''
class _Database:
    _icon_dir = "resources/aws/database"

class Dynamodb(_Database):
    _icon = "dynamodb.png"

class ElasticacheForRedis(_Database):
    _icon = "elasticache-for-redis.png"

# Aliases
DDB = Dynamodb
'''


@pytest.fixture
def pack(tmp_path: Path) -> StencilIcons:
    resources = tmp_path / "resources"
    for rel in FILES:
        (resources / rel).parent.mkdir(parents=True, exist_ok=True)
        (resources / rel).write_bytes(b"")
    package = tmp_path / "diagrams"
    (package / "aws").mkdir(parents=True)
    (package / "aws" / "database.py").write_text(PACK_MODULE, encoding="utf-8")
    (package / "aws" / "broken.py").write_text("class (:\n", encoding="utf-8")
    return StencilIcons(load_diagrams_pack(resources), _pack_aliases(package))


@pytest.mark.parametrize(("stencil", "values", "icon"), [
    ("mxgraph.aws4.lambda_function", {}, "diagrams.aws/compute/lambda-function"),
    ("mxgraph.aws4.resourceIcon", {"resIcon": "mxgraph.aws4.lambda"}, "diagrams.aws/compute/lambda"),
    ("mxgraph.aws4.resourceIcon", {"resIcon": "mxgraph.aws4.s3"}, "diagrams.aws/storage/simple-storage-service-s3"),
    ("mxgraph.aws4.productIcon", {"prIcon": "mxgraph.aws4.ecr"}, "diagrams.aws/compute/ec2-container-registry"),
    ("mxgraph.aws4.api_gateway", {}, "diagrams.aws/network/api-gateway"),
    ("mxgraph.aws4.amazon_aurora", {}, "diagrams.aws/database/aurora"),
    ("mxgraph.aws4.ddb", {}, "diagrams.aws/database/dynamodb"),
    ("mxgraph.aws4.dynamodb", {}, "diagrams.aws/database/dynamodb"),
    ("mxgraph.aws3.bucket", {}, "diagrams.aws/storage/simple-storage-service-s3-bucket"),
    ("mxgraph.gcp2.cloud_functions", {}, "diagrams.gcp/compute/functions"),
    ("mxgraph.gcp2.hexIcon", {"prIcon": "cloud_sql"}, "diagrams.gcp/database/sql"),
    ("mxgraph.kubernetes.icon", {"prIcon": "pod"}, "diagrams.k8s/compute/pod"),
    ("mxgraph.kubernetes.deployment", {}, "diagrams.k8s/compute/deploy"),
    ("mxgraph.aws4.resourceIcon", {}, None),
    ("mxgraph.aws4.no_such_service", {}, None),
    ("mxgraph.flowchart.process", {}, None),
    ("mxgraph.aws4", {}, None),
])
def test_cloud_stencils_find_the_pack_icon(pack: StencilIcons, stencil: str, values: dict[str, str],
                                           icon: str | None) -> None:
    assert pack.icon_for(stencil, values) == icon


def test_library_images_find_the_pack_icon_in_their_category(pack: StencilIcons) -> None:
    found = library_image("img/lib/azure2/compute/Function_Apps.svg")
    assert found == ("azure", "compute", "Function_Apps")
    assert pack.icon_anywhere(found[2], found[0], found[1]) == "diagrams.azure/compute/function-apps"
    docker = library_image("img/lib/mscae/Docker.svg")
    assert docker is not None and pack.icon_anywhere(docker[2], docker[0], docker[1]) == "diagrams.onprem/container/docker"
    assert library_image("https://example.org/img/lib/x.svg") is None
    assert library_image("img/clipart/Gear_128x128.png") is None
    assert cloud_stencil("mxgraph.aws4.resourceIcon", {"resIcon": ""}) is None


def _cell(style: str) -> bytes:
    return (f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="a" style="{style}" '
            f'vertex="1" parent="1"><mxGeometry width="48" height="48" as="geometry"/></mxCell></root>'
            f'</mxGraphModel>').encode()


def test_the_reader_draws_cloud_stencils_with_the_pack(pack: StencilIcons, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drawio_stencils, "shared_stencil_icons", lambda: pack)
    tile = next(iter(drawio.read(_cell("shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.lambda;"), "t").diagrams[0]))
    assert isinstance(tile, Icon) and tile.icon == "diagrams.aws/compute/lambda"
    image = next(iter(drawio.read(_cell("shape=image;image=img/lib/azure2/compute/Function_Apps.svg;"), "t").diagrams[0]))
    assert isinstance(image, Icon) and image.icon == "diagrams.azure/compute/function-apps"
    result = drawio.read(_cell("shape=mxgraph.aws4.no_such_service;"), "t")
    unknown = next(iter(result.diagrams[0]))
    assert isinstance(unknown, Shape) and unknown.get("drawio:stencil") == "mxgraph.aws4.no_such_service"


def test_without_the_pack_cloud_stencils_wait_for_it_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drawio_stencils, "shared_stencil_icons", lambda: StencilIcons([]))
    result = drawio.read(_cell("shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.lambda;"), "t")
    tile = next(iter(result.diagrams[0]))
    assert isinstance(tile, Icon) and tile.icon == "drawio:mxgraph.aws4.lambda"
    assert any("cloud icon pack" in w.message for w in result.warnings)
    written = drawio.write(result.diagrams)
    assert b"shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.lambda;" in written


def test_brand_logos_are_drawn_with_simple_icons() -> None:
    slugs = frozenset({"si.github", "si.docker", "si.google"})
    assert drawio_stencils.logo_icon("mxgraph.weblogos.github", slugs) == "si.github"
    assert drawio_stencils.logo_icon("mxgraph.weblogos.docker_2", slugs) == "si.docker"
    assert drawio_stencils.logo_icon("mxgraph.weblogos.nothing_known", slugs) is None
    assert drawio_stencils.logo_icon("mxgraph.flowchart.github", slugs) is None
