"""Data: upload, validate and import layers (never replacing one silently); history; download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from geo import schema
from geo.export import FORMATS, layer_bytes
from geo.importer import import_file, plan_import, reference_layers, save_upload, workspace_path
from geo.readers import read_layer
from geo.validation import Report
from geo.workspace import Workspace
from ui.i18n import labeler, lang_key, language, num, t
from ui.router import ensure_routed
from ui.state import current_workspace, load_layer, missing_layer_note, synthetic_banner

ensure_routed()

UPLOAD_TYPES = ["csv", "txt", "geojson", "json", "gpkg", "zip", "parquet", "geoparquet"]
HISTORY = ["when", "layer", "source_file", "sha256", "mode", "rows_added", "rows_replaced"]
HISTORY += ["rows_rejected", "rows_skipped", "rows_after"]

ws = current_workspace()
st.title(t("data.title"))
if ws is not None:
    synthetic_banner(ws)
st.caption(t("data.intro"))


def _table(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame[columns]`` with headers and whole numbers in the UI's language."""
    out = frame[columns].copy()
    for col in columns:
        if pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else num(int(v)))
    return out.rename(columns={c: t(f"data.col.{c}") for c in columns})


def _problems(frame: pd.DataFrame) -> pd.DataFrame:
    """A problems frame with translated severities and our own words only."""
    out = frame.assign(
        severity=frame["severity"].map(lambda s: t(f"severity.{s}")),
        row=pd.to_numeric(frame["row"], errors="coerce").astype("Int64"),
    )
    if language() == "es" and "message_es" in out:
        out["message"] = out["message_es"].where(out["message_es"].astype(bool), out["message"])
    return _table(out, ["row", "column", "severity", "message"])


def layers_section(ws: Workspace) -> None:
    st.subheader(t("data.layers"))
    history = ws.history()
    if ws.synthetic:
        st.caption(t("data.provenance.synthetic"))
    elif len(history):
        last = history.iloc[-1]
        when = str(last["imported_at"]).replace("T", " ")[:16]
        st.caption(
            t("data.provenance.imports", n=len(history), file=last["source_file"], when=when)
        )
    else:
        st.caption(t("data.provenance.unknown"))
    if ws.metadata.get("crs"):
        st.caption(t("data.crs", crs=ws.metadata["crs"]))
    info = ws.layer_info()
    info = info[info["layer"].isin(schema.LAYERS)]
    shown = info.assign(layer=info["layer"].map(labeler("layer.")))
    cols = ["layer", "rows", "imported_at", "source_file", "problems"]
    st.dataframe(_table(shown, cols), hide_index=True, width="stretch")
    if len(history):
        st.markdown(f"**{t('data.history')}**")
        generator = t("data.history.generator")
        shown = history.assign(
            when=history["imported_at"].str.replace("T", " ").str.slice(0, 16),
            layer=history["layer"].map(labeler("layer.")),
            source_file=history["source_file"].replace("generator", generator),
            sha256=history["source_sha256"].str.slice(0, 12),
            mode=history["mode"].map(labeler("data.mode.")),
        )
        st.dataframe(_table(shown, HISTORY), hide_index=True, width="stretch")
    for name in [name for name in schema.LAYERS if not ws.has(name)]:
        missing_layer_note(name)
    for row in info.itertuples():
        if int(row.problems) > 0:
            label = t("data.problems", layer=t(f"layer.{row.layer}"))
            with st.expander(f"{label} ({num(int(row.problems))})"):
                st.dataframe(_problems(ws.problems(str(row.layer))), hide_index=True)


@st.cache_data(max_entries=8, show_spinner=False)
def _validate(
    saved: str, name: str, layer: str, crs: str, ws_path: str, ws_hash: str
) -> tuple[Report, tuple[int, int, int, tuple[str, ...]]]:
    """Validate an uploaded file (saved under its content digest) and count each mode's effect."""
    ws = Workspace(ws_path) if ws_path else None
    ref = reference_layers(ws, layer)
    result = read_layer(saved, layer, reference=ref, crs=crs or None, display_name=name)
    plan = plan_import(ws, layer, result.layer)
    return result.report, (plan.existing, plan.incoming, plan.duplicates, plan.duplicate_ids)


def report_section(report: Report, file_name: str) -> None:
    st.markdown(f"**{t('data.report', file=file_name)}**")
    a, b, c, d = st.columns(4)
    a.metric(t("data.report.rows"), num(report.n_rows))
    b.metric(t("data.report.valid"), num(report.n_valid))
    c.metric(t("data.report.invalid"), num(len(report.invalid_rows)))
    d.metric(t("data.report.warnings"), num(sum(p.severity != "error" for p in report.problems)))
    frame = report.to_frame(language(), with_detail=False)
    if not len(frame):
        return
    st.dataframe(_problems(frame), hide_index=True, width="stretch")
    details = [d for d in frame["detail"] if d]
    if details:
        with st.expander(t("data.report.details")):
            st.code("\n".join(details), language=None, wrap_lines=True)
    full = _problems(report.to_frame(language())).assign(
        **{t("data.report.details"): frame["detail"]}
    )
    st.download_button(
        t("data.report.download"),
        data=full.to_csv(index=False).encode("utf-8"),
        file_name=f"{Path(file_name).stem}-report.csv",
        mime="text/csv",
        key="report_download",
    )


def upload_section(ws: Workspace | None) -> None:
    st.subheader(t("data.upload"))
    layer = st.selectbox(
        t("data.upload.layer"),
        schema.LAYERS,
        format_func=labeler("layer."),
        key=lang_key("upload_layer"),
    )
    spec = schema.SPECS[layer]
    skip = ("id", "codigo", "date", "datetime")
    spanish = [(a, c) for a, c in spec.aliases.items() if a not in skip][:4]
    st.caption(
        t(
            "data.upload.columns",
            required=", ".join(f"`{c}`" for c in spec.required),
            optional=", ".join(f"`{c}`" for c in spec.optional),
            aliases=", ".join(f"`{a}`→`{c}`" for a, c in spanish),
        )
    )
    uploaded = st.file_uploader(t("data.upload.file"), type=UPLOAD_TYPES, key=f"upload-{layer}")
    crs = st.text_input(t("data.upload.crs"), value="", key="upload_crs").strip()
    if uploaded is None:
        return
    saved = save_upload(uploaded.getvalue(), uploaded.name)
    ws_args = (str(ws.path), ws.content_hash) if ws else ("", "")
    report, (existing, incoming, dup, dup_ids) = _validate(
        str(saved), uploaded.name, layer, crs, *ws_args
    )
    report_section(report, uploaded.name)
    if report.file_errors:
        st.error(t("data.report.file_errors"))
        return
    allow_invalid = False
    if report.ok:
        st.success(t("data.report.ok", n=report.n_valid))
    else:
        st.warning(t("data.report.row_errors", bad=len(report.invalid_rows), good=report.n_valid))
        allow_invalid = st.checkbox(t("data.import.allow_invalid"), key="allow_invalid")
    targets = {"new": t("data.import.new")}
    if ws is not None:
        targets = {"current": t("data.import.current", name=ws.path.name), **targets}
        if ws.synthetic:
            st.caption(t("data.import.synthetic_warning"))
    target = st.radio(
        t("data.import.target"),
        list(targets),
        index=len(targets) - 1 if ws is None or ws.synthetic else 0,
        format_func=targets.__getitem__,
        key=lang_key("import_target"),
        horizontal=True,
    )
    blocked, mode = False, None
    if target == "new":
        name = st.text_input(t("data.import.new_name"), value="mi_ciudad", key="import_new_name")
        target_path = workspace_path(name)
        if target_path.exists():
            st.error(t("data.import.name_taken", name=target_path.name))
            blocked = True
    else:
        assert ws is not None
        target_path = ws.path
        if existing:
            modes = {
                "cancel": t("data.import.mode.cancel"),
                "append": t("data.import.mode.append", new=incoming - dup, dup=dup),
                "replace": t("data.import.mode.replace", n=existing, incoming=incoming),
            }
            question = t(
                "data.import.exists", workspace=ws.path.name, layer=t(f"layer.{layer}"), n=existing
            )
            mode = st.radio(
                question,
                list(modes),
                format_func=modes.__getitem__,
                key=lang_key(f"import_mode-{layer}"),
            )
            blocked = mode == "cancel"
    done_key = f"imported-{uploaded.file_id}-{layer}"
    if st.session_state.get(done_key):
        st.info(t("data.import.already"))
    refused = st.session_state.pop("import_refused", None)
    if refused:
        st.error(t("data.import.refused", reason=t(f"data.report.{refused}")))
    disabled = blocked or st.session_state.get(done_key) or (not report.ok and not allow_invalid)
    options = dict(
        mode=mode if mode in ("replace", "append") else None,
        new_workspace=target == "new",
        display_name=uploaded.name,
        crs=crs or None,
        allow_invalid_rows=allow_invalid,
    )
    st.button(
        t("data.import.button", n=incoming - dup if mode == "append" else incoming),
        type="primary",
        disabled=bool(disabled),
        key="import_button",
        on_click=_import,
        args=(saved, layer, target_path, done_key, options),
    )


def _import(saved: Path, layer: str, target: Path, done_key: str, options: dict) -> None:
    """The import button's callback: import, then leave the outcome for the next run to say."""
    result = import_file(saved, layer, target, **options)
    if not result.imported:
        st.session_state["import_refused"] = result.reason
        return
    st.session_state[done_key] = True
    st.session_state["pending_workspace"] = str(target.resolve())
    key = {"append": "data.import.done.append", "replace": "data.import.done.replace"}
    if result.mode == "append" and not result.added:
        key["append"] = "data.import.done.nothing"
    words = dict(layer=t(f"layer.{layer}"), workspace=target.name, replaced=result.replaced)
    messages = [t(key.get(result.mode, "data.import.done"), n=result.added, **words)]
    if result.skipped:
        ids = ", ".join(result.skipped_ids)
        messages.append(t("data.import.skipped", skipped=result.skipped, ids=ids))
    st.session_state["import_message"] = " ".join(messages)


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
