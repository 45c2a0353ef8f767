"""Sphinx directive ``astana-schemas``: the table schemas, generated from astana_lib.schema.

Every public ``dict`` of :mod:`astana_lib.schema` (column name → description) becomes a
section with the constant's ``#:`` comment and a two-column table, so the page can never
drift from the code. Descriptions are inserted as plain text (no markup is parsed).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective


def _table(rows: list[tuple[str, str]], *, key: str = "column") -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=2)
    table += group
    for width in (30, 70):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for target, cells, literal in ((head, [(key, "description")], False), (body, rows, True)):
        for left, right in cells:
            row = nodes.row()
            first = nodes.literal(text=left) if literal else nodes.Text(left)
            row += nodes.entry("", nodes.paragraph("", "", first))
            row += nodes.entry("", nodes.paragraph("", "", nodes.Text(right)))
            target += row
    return table


class SchemaTables(SphinxDirective):
    """Render every column dictionary of ``astana_lib.schema``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from astana_lib import schema

        analyzer = ModuleAnalyzer.for_module("astana_lib.schema")
        docs = analyzer.find_attr_docs()
        order = analyzer.tagorder  # the module's own order: articles, paragraphs, ...
        out: list[nodes.Node] = []
        for name in sorted(schema.__all__, key=lambda n: (order.get(n, len(order)), n)):
            value = getattr(schema, name)
            if not isinstance(value, dict):
                continue
            section = nodes.section(ids=[f"schema-{name.lower()}"])
            section += nodes.title(text=f"{name.lower()} (schema.{name})")
            comment = " ".join(line.strip() for line in docs.get(("", name), [])).strip()
            if comment:
                section += nodes.paragraph(text=comment.replace("``", ""))
            key = "value" if name.endswith("ROLES") else "column"
            section += _table([(str(k), str(v)) for k, v in value.items()], key=key)
            out.append(section)
        return out


def setup(app):
    app.add_directive("astana-schemas", SchemaTables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
