"""Templates: the shipped ones (files in `resources/templates/`) and those a user saves from a diagram."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import text

from autograph_desktop.model import Diagram, edits, new_id
from autograph_desktop.store.builtin_templates import builtin_templates
from autograph_desktop.store.codec import pack_diagram, unpack_diagram
from autograph_desktop.store.diagrams import DiagramsMixin
from autograph_desktop.store.organise import clean_name


class TemplateNotFound(KeyError):
    """No template with that id."""


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    id: str
    name: str
    category: str
    description: str
    builtin: bool


class TemplatesMixin(DiagramsMixin):
    def templates(self) -> list[TemplateInfo]:
        """Built-in templates first, then the user's, by name."""
        out = [TemplateInfo(t.id, t.name, t.category, t.description, True) for t in builtin_templates()]
        with self.read() as conn:
            rows = conn.execute(text("SELECT id, name, category, description FROM templates "
                                     "ORDER BY name COLLATE NOCASE")).fetchall()
        out += [TemplateInfo(r.id, r.name, r.category, r.description, False) for r in rows]
        return out

    def template_diagram(self, template_id: str) -> Diagram:
        for builtin in builtin_templates():
            if builtin.id == template_id:
                return builtin.build()
        with self.read() as conn:
            row = conn.execute(text("SELECT data FROM templates WHERE id = :t"), {"t": template_id}).fetchone()
        if row is None:
            raise TemplateNotFound(template_id)
        return unpack_diagram(bytes(row[0]))

    def save_as_template(self, diagram_id: str, name: str, category: str = "My templates",
                         description: str = "") -> str:
        doc = self.load_diagram(diagram_id)
        template_id = new_id()
        with self.write() as conn:
            conn.execute(text("INSERT INTO templates (id, name, category, description, created, data) "
                              "VALUES (:id, :name, :cat, :desc, :now, :data)"),
                         {"id": template_id, "name": clean_name(name, "template"), "cat": category,
                          "desc": description, "now": self.clock(), "data": pack_diagram(doc)})
        return template_id

    def delete_template(self, template_id: str) -> None:
        with self.write() as conn:
            gone = conn.execute(text("DELETE FROM templates WHERE id = :t RETURNING id"), {"t": template_id}).fetchone()
        if gone is None:
            raise TemplateNotFound(template_id)

    def create_from_template(self, template_id: str, title: str | None = None,
                             folder_id: str | None = None) -> str:
        """A new diagram with the template's content (fresh element ids, so two copies never collide
        when they are later merged or synced)."""
        source = self.template_diagram(template_id)
        originals = list(source)
        copies = [replace(c, z=o.z) for o, c in zip(originals, edits.clone_elements(originals), strict=True)]
        meta = replace(source.meta, id=new_id(), title=title or source.meta.title,
                       created=self.clock(), updated=self.clock())
        return self.create_diagram(Diagram(meta, copies), folder_id=folder_id)
