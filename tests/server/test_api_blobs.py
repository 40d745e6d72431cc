"""Blobs over HTTP, on both backends: verified uploads, size limits, downloads only through a diagram."""

from __future__ import annotations

import hashlib

from api_client import Api, User


def upload(user: User, data: bytes, sha: str | None = None, mime: str = "image/png") -> int:
    sha = sha or hashlib.sha256(data).hexdigest()
    return user.request("PUT", f"/v1/blobs/{sha}", content=data, headers={"Content-Type": mime}).status_code


def image(element_id: str, sha: str) -> dict[str, object]:
    return {"op": "add", "element": {"id": element_id, "kind": "image", "z": "a0", "sha256": sha, "w": 10, "h": 10}}


def test_upload_is_verified_and_download_needs_a_referencing_diagram(api: Api) -> None:
    alice = api.register()
    data = b"\x89PNG fake image bytes"
    sha = hashlib.sha256(data).hexdigest()
    assert upload(alice, data, sha="0" * 64) == 422
    assert upload(alice, data) == 201
    assert upload(alice, data) == 201  # the same answer when it already exists
    assert alice.get(f"/v1/blobs/{sha}").status_code == 404  # not yet in any diagram
    diagram = alice.new_diagram()
    alice.push(diagram, [image("pic", sha)])
    got = alice.get(f"/v1/blobs/{sha}")
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "image/png" and got.headers["x-content-type-options"] == "nosniff"
    # Replacing the image's blob drops the reference.
    alice.push(diagram, [{"op": "update", "id": "pic", "before": {"sha256": sha}, "after": {"sha256": "1" * 64}}])
    assert alice.get(f"/v1/blobs/{sha}").status_code == 404


def test_naming_someone_elses_hash_does_not_open_it(api: Api) -> None:
    alice, mallory = api.register("alice"), api.register("mallory")
    secret = b"alice's private diagram export"
    sha = hashlib.sha256(secret).hexdigest()
    assert upload(alice, secret) == 201
    alice_diagram = alice.new_diagram()
    alice.push(alice_diagram, [image("x", sha)])
    trap = mallory.new_diagram()
    reply = mallory.push(trap, [image("stolen", sha)])
    assert reply.status_code == 200
    assert mallory.get(f"/v1/blobs/{sha}").status_code == 404
    assert mallory.post(f"/v1/diagrams/{trap}/versions", json={"snapshot_sha256": sha}).status_code == 422
    assert mallory.request("PATCH", f"/v1/diagrams/{trap}",
                           json={"expected_version": 1, "thumbnail_sha256": sha}).status_code == 422


def test_size_limits_and_bad_media_types(api: Api) -> None:
    alice = api.register()
    big = b"x" * (1024 * 1024 + 1)
    assert upload(alice, big) == 413
    assert upload(alice, b"") == 422
    assert upload(alice, b"abc", mime="not a type") == 415
    assert alice.request("PUT", "/v1/blobs/not-a-hash", content=b"abc").status_code == 422


def test_thumbnails_are_blob_references(api: Api) -> None:
    alice = api.register()
    thumb = b"small png"
    sha = hashlib.sha256(thumb).hexdigest()
    assert upload(alice, thumb) == 201
    diagram = alice.new_diagram()
    patched = alice.request("PATCH", f"/v1/diagrams/{diagram}", json={"expected_version": 1, "thumbnail_sha256": sha})
    assert patched.status_code == 200 and patched.json()["thumbnail_sha256"] == sha
    assert alice.get(f"/v1/blobs/{sha}").content == thumb
