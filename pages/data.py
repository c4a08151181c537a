"""Data: upload, validate and import layers; see provenance and problems; download."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import schema, settings
from geo.export import FORMATS, layer_bytes
from geo.importer import import_file, reference_layers
from geo.readers import read_layer
from geo.validation import Report
from geo.workspace import Workspace
from ui.i18n import labeler, lang_key, language, num, t
from ui.router import ensure_routed
from ui.state import current_workspace, load_layer, missing_layer_note, synthetic_banner

ensure_routed()

UPLOAD_TYPES = ["csv", "txt", "geojson", "json", "gpkg", "zip", "parquet", "geoparquet"]
UPLOAD_DIR = Path(tempfile.gettempdir()) / "convivencia-uploads"

ws = current_workspace()
st.title(t("data.title"))
if ws is not None:
    synthetic_banner(ws)
st.caption(t("data.intro"))


def _severity(frame: pd.DataFrame) -> pd.DataFrame:
    """A problems frame with translated headers and severities."""
    out = frame.assign(severity=frame["severity"].map(lambda s: t(f"severity.{s}")))
    return out[["row", "column", "severity", "message"]].rename(
        columns={
            "row": t("data.col.row"),
            "column": t("data.col.column"),
            "severity": t("data.col.severity"),
            "message": t("data.col.message"),
        }
    )


def layers_section(ws: Workspace) -> None:
    st.subheader(t("data.layers"))
    st.caption(t("data.provenance", provenance=ws.metadata.get("provenance", "")))
    if ws.metadata.get("crs"):
        st.caption(t("data.crs", crs=ws.metadata["crs"]))
    info = ws.layer_info()
    info = info[info["layer"].isin(schema.LAYERS)]
    shown = info.assign(layer=info["layer"].map(lambda n: t(f"layer.{n}")))[
        ["layer", "rows", "imported_at", "source_file", "problems"]
    ].rename(
        columns={
            c: t(f"data.col.{c}")
            for c in ["layer", "rows", "imported_at", "source_file", "problems"]
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    missing = [name for name in schema.LAYERS if not ws.has(name)]
    if missing:
        st.markdown(f"**{t('data.missing')}**")
        for name in missing:
            missing_layer_note(name)
    for row in info.itertuples():
        if int(row.problems) > 0:
            with st.expander(
                t("data.problems", layer=t(f"layer.{row.layer}")) + f" ({num(int(row.problems))})"
            ):
                st.dataframe(
                    _severity(ws.problems(str(row.layer))), hide_index=True, width="stretch"
                )


@st.cache_data(max_entries=8, show_spinner=False)
def _validate(
    digest: str, suffix: str, name: str, layer: str, crs: str, ws_path: str, ws_hash: str
) -> tuple[Report, str]:
    """Validate an uploaded file saved under its content digest (cached on content)."""
    saved = UPLOAD_DIR / f"{digest}{suffix}"
    ws = Workspace(ws_path) if ws_path else None
    result = read_layer(
        saved, layer, reference=reference_layers(ws, layer), crs=crs or None, display_name=name
    )
    return result.report, str(saved)


def upload_section(ws: Workspace | None) -> None:
    st.subheader(t("data.upload"))
    layer = st.selectbox(
        t("data.upload.layer"),
        schema.LAYERS,
        format_func=labeler("layer."),
        key=lang_key("upload_layer"),
    )
    spec = schema.SPECS[layer]
    spanish = [
        (a, c) for a, c in spec.aliases.items() if a not in ("id", "codigo", "date", "datetime")
    ]
    aliases = ", ".join(f"`{a}`→`{c}`" for a, c in spanish[:4])
    st.caption(
        t(
            "data.upload.columns",
            required=", ".join(f"`{c}`" for c in spec.required),
            optional=", ".join(f"`{c}`" for c in spec.optional),
            aliases=aliases,
        )
    )
    uploaded = st.file_uploader(t("data.upload.file"), type=UPLOAD_TYPES, key=f"upload-{layer}")
    crs = st.text_input(t("data.upload.crs"), value="", key="upload_crs").strip()
    if uploaded is None:
        return
    content = uploaded.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    suffix = "".join(Path(uploaded.name).suffixes[-1:]).lower()
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    saved = UPLOAD_DIR / f"{digest}{suffix}"
    if not saved.exists():
        saved.write_bytes(content)
    report, saved_path = _validate(
        digest,
        suffix,
        uploaded.name,
        layer,
        crs,
        str(ws.path) if ws else "",
        ws.content_hash if ws else "",
    )
    lang = language()
    st.markdown(f"**{t('data.report', file=uploaded.name)}**")
    a, b, c, d = st.columns(4)
    a.metric(t("data.report.rows"), num(report.n_rows))
    b.metric(t("data.report.valid"), num(report.n_valid))
    c.metric(t("data.report.invalid"), num(len(report.invalid_rows)))
    d.metric(t("data.report.warnings"), num(sum(p.severity != "error" for p in report.problems)))
    problems = report.to_frame(lang)
    if len(problems):
        st.dataframe(_severity(problems), hide_index=True, width="stretch")
        st.download_button(
            t("data.report.download"),
            data=problems.to_csv(index=False).encode("utf-8"),
            file_name=f"{Path(uploaded.name).stem}-report.csv",
            mime="text/csv",
            key="report_download",
        )
    file_errors = any(p.severity == "error" and p.row is None for p in report.problems)
    if file_errors:
        st.error(t("data.report.file_errors"))
        return
    allow_invalid = False
    if report.ok:
        st.success(t("data.report.ok", n=report.n_valid))
    else:
        st.warning(t("data.report.row_errors", bad=len(report.invalid_rows), good=report.n_valid))
        allow_invalid = st.checkbox(t("data.import.allow_invalid"), key="allow_invalid")
    target_options = ["new"] if ws is None else ["current", "new"]
    if ws is not None and ws.synthetic:
        st.caption(t("data.import.synthetic_warning"))
    target_labels = {"new": t("data.import.new")}
    if ws is not None:
        target_labels["current"] = t("data.import.current", name=ws.path.name)
    target = st.radio(
        t("data.import.target"),
        target_options,
        index=len(target_options) - 1 if ws is None or ws.synthetic else 0,
        format_func=target_labels.__getitem__,
        key=lang_key("import_target"),
        horizontal=True,
    )
    if target == "new":
        name = st.text_input(
            t("data.import.new_name"), value="mi_ciudad", key="import_new_name"
        ).strip()
        safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_") or "workspace"
        target_path = settings.workspaces_dir / f"{safe}.gpkg"
    else:
        assert ws is not None
        target_path = ws.path
    disabled = not report.ok and not allow_invalid
    if st.button(
        t("data.import.button", n=report.n_valid),
        type="primary",
        disabled=disabled,
        key="import_button",
    ):
        with st.spinner():
            result = import_file(
                saved_path,
                layer,
                target_path,
                display_name=uploaded.name,
                crs=crs or None,
                allow_invalid_rows=allow_invalid,
            )
        if result.imported:
            st.session_state["pending_workspace"] = str(target_path.resolve())
            st.session_state["import_message"] = t(
                "data.import.done", layer=layer, workspace=target_path.name, n=result.rows
            )
            st.rerun()
        else:
            st.error(
                t(
                    "data.import.refused",
                    reason=t(
                        f"data.report.{result.reason}",
                        bad=len(report.invalid_rows),
                        good=report.n_valid,
                    ),
                )
            )


def download_section(ws: Workspace) -> None:
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
        t("data.download.format"), list(FORMATS), format_func=str.upper, key="download_format"
    )
    path, content_hash = str(ws.path), ws.content_hash

    def build() -> bytes:
        return layer_bytes(load_layer(path, content_hash, layer), fmt, layer=layer)  # type: ignore[arg-type]

    st.download_button(
        t("data.download.button", layer=t(f"layer.{layer}"), fmt=fmt.upper()),
        data=build,
        file_name=f"{layer}{FORMATS[fmt][0]}",
        mime=FORMATS[fmt][1],
        key="layer_download",
        on_click="ignore",
    )


message = st.session_state.pop("import_message", None)
if message:
    st.success(message)
if ws is not None:
    layers_section(ws)
upload_section(ws)
if ws is not None:
    download_section(ws)
