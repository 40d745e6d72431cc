"""Templates (`library.templates`): the shipped ones (files in `resources/templates/`) and those a user
saves from a diagram."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import delete, insert, select

from autograph_desktop.model import Diagram, edits, new_id
from autograph_desktop.store.builtin_templates import builtin_templates
from autograph_desktop.store.codec import pack_diagram, unpack_diagram
from autograph_desktop.store.db import Database
from autograph_desktop.store.diagrams import Diagrams
from autograph_desktop.store.organise import clean_name
from autograph_desktop.store.schema import templates


class TemplateNotFound(KeyError):
    """No template with that id."""


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    id: str
    name: str
    category: str
    description: str
    builtin: bool


class Templates:
    def __init__(self, db: Database, diagrams: Diagrams) -> None:
        self._db = db
        self._diagrams = diagrams

    def all(self) -> list[TemplateInfo]:
        """Built-in templates first, then the user's, by name."""
        out = [TemplateInfo(t.id, t.name, t.category, t.description, True) for t in builtin_templates()]
        with self._db.read() as conn:
            rows = conn.execute(select(templates.c.id, templates.c.name, templates.c.category,
                                       templates.c.description).order_by(templates.c.name.collate("NOCASE"))).all()
        out += [TemplateInfo(r.id, r.name, r.category, r.description, False) for r in rows]
        return out

    def diagram(self, template_id: str) -> Diagram:
        """A template's content as a new, unsaved diagram."""
        for builtin in builtin_templates():
            if builtin.id == template_id:
                return builtin.build()
        with self._db.read() as conn:
            data = conn.execute(select(templates.c.data).where(templates.c.id == template_id)).scalar()
        if data is None:
            raise TemplateNotFound(template_id)
        return unpack_diagram(bytes(data))

    def save_from(self, diagram_id: str, name: str, category: str = "My templates", description: str = "") -> str:
        """Save a library diagram's content as a user template; returns the template's id."""
        doc = self._diagrams.load(diagram_id)
        template_id = new_id()
        with self._db.write() as conn:
            conn.execute(insert(templates).values(id=template_id, name=clean_name(name, "template"), category=category,
                                                  description=description, created=self._db.clock(),
                                                  data=pack_diagram(doc)))
        return template_id

    def delete(self, template_id: str) -> None:
        with self._db.write() as conn:
            gone = conn.execute(delete(templates).where(templates.c.id == template_id))
        if gone.rowcount == 0:
            raise TemplateNotFound(template_id)

    def create_diagram(self, template_id: str, title: str | None = None, folder_id: str | None = None) -> str:
        """A new library diagram with the template's content (fresh element ids, so two copies never
        collide when they are later merged or synced)."""
        source = self.diagram(template_id)
        originals = list(source)
        copies = [replace(c, z=o.z) for o, c in zip(originals, edits.clone_elements(originals), strict=True)]
        meta = replace(source.meta, id=new_id(), title=title or source.meta.title,
                       created=self._db.clock(), updated=self._db.clock())
        return self._diagrams.create(Diagram(meta, copies), folder_id=folder_id)
