"""Data: upload, validate and import layers (never replacing one silently); history; download."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo import schema
from geo.importer import import_file, save_upload, workspace_path
from geo.stores import as_location
from geo.workspace import Workspace
from ui.cache import checked_upload
from ui.data_views import (
    columns_caption,
    download_section,
    file_uploader,
    import_modes,
    import_outcome,
    layers_section,
    report_section,
)
from ui.i18n import labeler, lang_key, t
from ui.router import ensure_routed
from ui.state import current_workspace, synthetic_banner

ensure_routed()

UPLOAD_TYPES = ["csv", "txt", "geojson", "json", "gpkg", "zip", "parquet", "geoparquet"]

ws = current_workspace()
st.title(t("data.title"))
if ws is not None:
    synthetic_banner(ws)
st.caption(t("data.intro"))


def upload_section(ws: Workspace | None) -> None:
    st.subheader(t("data.upload"))
    layer = st.selectbox(
        t("data.upload.layer"),
        schema.LAYERS,
        format_func=labeler("layer."),
        key=lang_key("upload_layer"),
    )
    st.caption(columns_caption(layer))
    uploaded = file_uploader(t("data.upload.file"), UPLOAD_TYPES, key=f"upload-{layer}")
    crs = st.text_input(t("data.upload.crs"), value="", key="upload_crs").strip()
    if uploaded is None:
        return
    saved = save_upload(uploaded.getvalue(), uploaded.name)
    ws_args = (ws.location, ws.content_hash) if ws else ("", "")
    report, plan = checked_upload(str(saved), uploaded.name, layer, crs, *ws_args)
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
        targets = {"current": t("data.import.current", name=ws.label), **targets}
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
    mode, blocked = None, False
    if target == "new":
        name = st.text_input(t("data.import.new_name"), value="mi_ciudad", key="import_new_name")
        target_path = workspace_path(name)
        if blocked := target_path.exists():
            st.error(t("data.import.name_taken", name=target_path.name))
    else:
        assert ws is not None
        if plan.existing:  # the layer is there: replace, append or cancel, with the counts
            where = {"workspace": ws.label, "layer": t(f"layer.{layer}")}
            modes = import_modes(plan)
            question = t("data.import.exists", n=plan.existing, **where)
            mode = st.radio(
                question,
                list(modes),
                format_func=modes.__getitem__,
                key=lang_key(f"import_mode-{layer}"),
            )
            blocked = mode == "cancel"
    done_key = f"imported-{uploaded.file_id}-{layer}"  # one import per upload
    if st.session_state.get(done_key):
        st.info(t("data.import.already"))
    if refused := st.session_state.pop("import_refused", None):
        st.error(t("data.import.refused", reason=t(f"data.report.{refused}")))
    st.button(
        t("data.import.button", n=plan.new_rows if mode == "append" else plan.incoming),
        type="primary",
        disabled=blocked
        or bool(st.session_state.get(done_key))
        or not (report.ok or allow_invalid),
        key="import_button",
        on_click=_import,
        args=(layer, ws.location if ws else "", done_key),
    )


def _import(layer: str, ws_path: str, done_key: str) -> None:
    """The import button's callback: it runs before the next run draws the page.

    The choices are read from the widgets' current values, not from the run
    that drew the button (a click right after typing a name may beat that
    run); ``import_file`` refuses whatever the page would have blocked.
    """
    state = st.session_state
    uploaded = state[f"upload-{layer}"]
    new = state.get(lang_key("import_target"), "new") == "new"
    target: Path | str = (
        workspace_path(state.get("import_new_name", "")) if new else as_location(ws_path)
    )
    mode = None if new else state.get(lang_key(f"import_mode-{layer}"))
    result = import_file(
        save_upload(uploaded.getvalue(), uploaded.name),
        layer,
        target,
        mode=mode if mode in ("replace", "append") else None,
        new_workspace=new,
        display_name=uploaded.name,
        crs=str(state.get("upload_crs", "")).strip() or None,
        allow_invalid_rows=bool(state.get("allow_invalid", False)),
    )
    if not result.imported:
        state["import_refused"] = result.reason
        return
    state[done_key] = True
    assert result.workspace is not None
    state["pending_workspace"] = str(target.resolve()) if isinstance(target, Path) else target
    state["import_message"] = import_outcome(result, layer, result.workspace.label)


if message := st.session_state.pop("import_message", None):
    st.success(message)
if ws is not None:
    layers_section(ws)
upload_section(ws)
if ws is not None:
    download_section(ws)
