"""Notebook display helpers: Arabic tables that read right in JupyterLab.

Browsers shape Arabic themselves, so nothing here reshapes text. JupyterLab table cells
inherit left-to-right direction, which misorders mixed cells ("قناة RT العربية"), trailing
full stops and brackets; :func:`rtl_table` gives every cell its own direction
(``unicode-bidi: plaintext; text-align: start``), the fix recorded in the project's notes.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["RTL_CELL_CSS", "rtl_html", "rtl_table"]

#: CSS applied to every ``td``/``th`` so each cell takes its direction from its own text.
RTL_CELL_CSS = [
    {"selector": "td, th", "props": [("unicode-bidi", "plaintext"), ("text-align", "start")]},
]


def rtl_table(df: pd.DataFrame, *, max_chars: int | None = 160, max_rows: int | None = 50):
    """Return a pandas ``Styler`` that shows Arabic and mixed cells in the right order.

    Parameters
    ----------
    df : pandas.DataFrame
        Any table; it is not modified.
    max_chars : int or None, default 160
        Long text cells are shortened for display (with "…"); ``None`` shows them whole.
    max_rows : int or None, default 50
        Show at most this many rows (``None``: all).

    Returns
    -------
    pandas.io.formats.style.Styler

    Examples
    --------
    >>> import pandas as pd
    >>> sty = rtl_table(pd.DataFrame({"outlet": ["قناة RT العربية"], "n": [3]}))
    >>> "unicode-bidi: plaintext" in sty.to_html()
    True
    """
    try:
        import jinja2  # noqa: F401 - pandas renders a Styler with it
    except ImportError as e:
        raise ImportError(
            "rtl_table returns a pandas Styler, which needs jinja2 (a notebook display "
            "helper): pip install 'astana_lib[notebooks]'"
        ) from e
    view = df if max_rows is None else df.head(max_rows)
    if max_chars is not None:

        def _short(v):
            if isinstance(v, str) and len(v) > max_chars:
                return v[: max_chars - 1] + "…"
            return v

        view = view.copy()
        for col in view.columns:
            if view[col].dtype == object or pd.api.types.is_string_dtype(view[col]):
                view[col] = view[col].map(_short)
    return view.style.set_table_styles(RTL_CELL_CSS)


def rtl_html(text: str, *, tag: str = "div") -> str:
    """Wrap ``text`` (escaped) in an element with ``dir="auto"`` for notebook display.

    Examples
    --------
    >>> rtl_html("أستانا 5 <b>")
    '<div dir="auto" style="unicode-bidi: plaintext; text-align: start">أستانا 5 &lt;b&gt;</div>'
    """
    return (
        f'<{tag} dir="auto" style="unicode-bidi: plaintext; text-align: start">'
        f"{html.escape(text)}</{tag}>"
    )
