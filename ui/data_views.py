"""Tables and sentences of the Data page, in the session's language.

The page (``pages/data.py``) reads its upload widgets and imports; what it
shows of a workspace's layers, problems and import history (with
:func:`layers_section`), a file's validation report, what it says after an
import, and the layer download (:func:`download_section`) are built here
from ``geo`` facts and the catalogue (``catalog``, said by ``ui.i18n.t``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from catalog.say import number
from geo import schema
from geo.export import FORMAT_NAMES, FORMATS, layer_bytes
from geo.importer import ImportPlan, ImportResult
from geo.validation import Report
from geo.workspace import Workspace
from ui.cache import load_layer
from ui.i18n import labeler, lang_key, language, t, translate_table
from ui.state import missing_layer_note

#: The history table's columns, left to right, with their headers' catalogue keys.
HISTORY_HEADERS: dict[str, str] = {
    "when": "data.col.when",
    "layer": "data.col.layer",
    "source_file": "data.col.source_file",
    "sha256": "data.col.sha256",
    "mode": "data.col.mode",
    "rows_added": "data.col.rows_added",
    "rows_replaced": "data.col.rows_replaced",
    "rows_rejected": "data.col.rows_rejected",
    "rows_skipped": "data.col.rows_skipped",
    "rows_after": "data.col.rows_after",
}
#: The layers table's columns and headers.
LAYER_HEADERS: dict[str, str] = {
    "layer": "data.col.layer",
    "rows": "data.col.rows",
    "imported_at": "data.col.imported_at",
    "source_file": "data.col.source_file",
    "problems": "data.col.problems",
}
#: The problems table's columns and headers.
PROBLEM_HEADERS: dict[str, str] = {
    "row": "data.col.row",
    "column": "data.col.column",
    "severity": "data.col.severity",
    "message": "data.col.message",
}


def file_uploader(label: str, types: Sequence[str], *, key: str) -> UploadedFile | None:
    """``st.file_uploader`` whose own words (its button, its size limit) follow the language.

    Streamlit writes "Upload" and "200MB per file" in English whatever the
    page's language; in Spanish they are drawn over with the catalogue's
    words (CSS), from the same facts: the server's upload limit and ``types``.
    """
    uploaded = st.file_uploader(label, type=list(types), key=key)
    if language() != "en":
        mb = int(st.get_option("server.maxUploadSize"))
        limit = t("data.upload.limit", mb=mb, types=", ".join(x.upper() for x in types))
        zone = '[data-testid="stFileUploaderDropzone"]'
        button = f"{zone} button [data-testid='stMarkdownContainer'] p"
        note = f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span'
        st.html(
            "<style>"
            f"{button}, {note} {{font-size: 0}}"
            f"{button}::after {{content: {json.dumps(t('data.upload.button'), ensure_ascii=False)}; font-size: 0.875rem}}"
            f"{note}::after {{content: {json.dumps(limit, ensure_ascii=False)}; font-size: 0.875rem}}"
            "</style>"
        )
    return uploaded


def localized_table(frame: pd.DataFrame, headers: dict[str, str]) -> pd.DataFrame:
    """``frame``'s ``headers`` columns under their words, whole numbers in the UI's language.

    Whole numbers become text (``8.318`` in Spanish) so that no table shows
    them with the browser's separators or none.
    """
    lang = language()
    out = frame[list(headers)].copy()
    for col in headers:
        if pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else number(int(v), lang))
    return out.rename(columns=translate_table(headers, lang))


def problems_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A problems frame (a report's, or a workspace's) as the page shows it.

    Severities are translated; a workspace's stored problems are shown in
    Spanish from ``message_es`` when the session is in Spanish and it was kept.
    """
    out = frame.assign(
        severity=frame["severity"].map(lambda s: t(f"severity.{s}")),
        row=pd.to_numeric(frame["row"], errors="coerce").astype("Int64"),
    )
    if language() == "es" and "message_es" in out:
        out["message"] = out["message_es"].where(out["message_es"].astype(bool), out["message"])
    return localized_table(out, PROBLEM_HEADERS)


def _when(stamps: pd.Series) -> pd.Series:
    """ISO timestamps (UTC) as ``YYYY-MM-DD HH:MM``."""
    return stamps.astype(str).str.replace("T", " ").str.slice(0, 16)


def _source(files: pd.Series) -> pd.Series:
    """Source file names, the demo generator's in words."""
    return files.replace("generator", t("data.history.generator"))


def layers_table(ws: Workspace) -> pd.DataFrame:
    """One row per stored layer: its name in words, rows, when and from which file, problems."""
    info = ws.layer_info()
    info = info[info["layer"].isin(schema.LAYERS)]
    shown = info.assign(
        layer=info["layer"].map(labeler("layer.")),
        imported_at=_when(info["imported_at"]),
        source_file=_source(info["source_file"]),
    )
    return localized_table(shown, LAYER_HEADERS)


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The import history (``Workspace.history()``) with layers, modes and numbers in words."""
    shown = history.assign(
        when=_when(history["imported_at"]),
        layer=history["layer"].map(labeler("layer.")),
        source_file=_source(history["source_file"]),
        sha256=history["source_sha256"].str.slice(0, 12),
        mode=history["mode"].map(labeler("data.mode.")),
    )
    return localized_table(shown, HISTORY_HEADERS)


def provenance(ws: Workspace, history: pd.DataFrame) -> str:
    """Where the workspace's data come from, in one sentence built from its history."""
    if ws.synthetic:
        return t("data.provenance.synthetic")
    if not len(history):
        return t("data.provenance.unknown")
    last = history.iloc[-1]
    when = _when(pd.Series([last["imported_at"]])).iloc[0]
    return t("data.provenance.imports", n=len(history), file=last["source_file"], when=when)


def columns_caption(layer: str) -> str:
    """The layer's required and optional columns, with a few Spanish names it accepts."""
    spec = schema.SPECS[layer]
    skip = ("id", "codigo", "date", "datetime")
    spanish = [(a, c) for a, c in spec.aliases.items() if a not in skip][:4]
    return t(
        "data.upload.columns",
        required=", ".join(f"`{c}`" for c in spec.required),
        optional=", ".join(f"`{c}`" for c in spec.optional),
        aliases=", ".join(f"`{a}`→`{c}`" for a, c in spanish),
    )


def import_modes(plan: ImportPlan) -> dict[str, str]:
    """The answers to 'the layer is there: what now?', each with what it would do to the rows."""
    return {
        "cancel": t("data.import.mode.cancel"),
        "append": t("data.import.mode.append", new=plan.new_rows, dup=plan.duplicates),
        "replace": t("data.import.mode.replace", n=plan.existing, incoming=plan.incoming),
    }


def import_outcome(result: ImportResult, layer: str, workspace: str) -> str:
    """What an import did, said after it: rows added, replaced, or skipped as already there."""
    key = {"append": "data.import.done.append", "replace": "data.import.done.replace"}
    if result.mode == "append" and not result.added:
        key["append"] = "data.import.done.nothing"
    said = t(
        key.get(result.mode, "data.import.done"),
        n=result.added,
        layer=t(f"layer.{layer}"),
        workspace=workspace,
        replaced=result.replaced,
    )
    if result.skipped:
        ids = ", ".join(result.skipped_ids)
        said += " " + t("data.import.skipped", skipped=result.skipped, ids=ids)
    return said


def report_section(report: Report, file_name: str) -> None:
    """Draw a file's validation report: counts, problems in our words, the reader's own words apart."""
    st.markdown(f"**{t('data.report', file=file_name)}**")
    a, b, c, d = st.columns(4)
    lang = language()
    flagged = sum(p.severity != "error" for p in report.problems)
    a.metric(t("data.report.rows"), number(report.n_rows, lang))
    b.metric(t("data.report.valid"), number(report.n_valid, lang))
    c.metric(t("data.report.invalid"), number(len(report.invalid_rows), lang))
    d.metric(t("data.report.warnings"), number(flagged, lang))
    frame = report.to_frame(language(), with_detail=False)
    if not len(frame):
        return
    st.dataframe(problems_table(frame), hide_index=True, width="stretch")
    details = [d for d in frame["detail"] if d]
    if details:  # the file reader's own words (GDAL's, in English), kept apart from ours
        with st.expander(t("data.report.details")):
            st.code("\n".join(details), language=None, wrap_lines=True)
    full = problems_table(frame).assign(**{t("data.report.details"): frame["detail"]})
    st.download_button(
        t("data.report.download"),
        data=full.to_csv(index=False).encode("utf-8"),
        file_name=f"{Path(file_name).stem}-report.csv",
        mime="text/csv",
        key="report_download",
    )


def layers_section(ws: Workspace) -> None:
    """The workspace's layers, its import history and each layer's problems."""
    st.subheader(t("data.layers"))
    history = ws.history()
    st.caption(provenance(ws, history))
    if ws.metadata.get("crs"):
        st.caption(t("data.crs", crs=ws.metadata["crs"]))
    st.dataframe(layers_table(ws), hide_index=True, width="stretch")
    if len(history):
        st.markdown(f"**{t('data.history')}**")
        st.dataframe(history_table(history), hide_index=True, width="stretch")
    for name in [name for name in schema.LAYERS if not ws.has(name)]:
        missing_layer_note(name)
    for row in ws.layer_info().itertuples():
        if row.layer in schema.LAYERS and int(row.problems) > 0:
            label = t("data.problems", layer=t(f"layer.{row.layer}"))
            with st.expander(f"{label} ({number(int(row.problems), language())})"):
                st.dataframe(problems_table(ws.problems(str(row.layer))), hide_index=True)


def download_section(ws: Workspace) -> None:
    """Download one layer of the workspace in a chosen format (built when clicked)."""
    st.subheader(t("data.download"))
    if not ws.layers:
        return
    a, b = st.columns(2)
    layer = a.selectbox(
        t("data.upload.layer"),
        ws.layers,
        format_func=labeler("layer."),
        key=lang_key("download_layer"),
    )
    fmt = b.selectbox(
        t("data.download.format"),
        list(FORMATS),
        format_func=FORMAT_NAMES.__getitem__,
        key="download_format",
    )
    path, content_hash = ws.location, ws.content_hash

    def build() -> bytes:
        return layer_bytes(load_layer(path, content_hash, layer), fmt, layer=layer)

    st.download_button(
        t("data.download.button", layer=t(f"layer.{layer}"), fmt=FORMAT_NAMES[fmt]),
        data=build,
        file_name=f"{layer}{FORMATS[fmt][0]}",
        mime=FORMATS[fmt][1],
        key="layer_download",
        on_click="ignore",
    )
