"""The mayor's briefing as a PDF: :func:`render_pdf`.

One A4 document (one or two pages) in Spanish or English, built with
reportlab's platypus from a :class:`models.briefing.Briefing` and its words
(:func:`models.briefing.briefing_text`), so the PDF says what the screen says:

1. the title with the city and the period, and the synthetic-data warning
   when the data are the demo's;
2. the headline homicide figures, the sentence and the rate against the
   epidemic threshold;
3. the 12-month homicide chart (:func:`chart_png`: the monthly rate scaled to
   a year, the month's count on each bar, the threshold line, a legend, the
   unit on the axis);
4. incidents by category, the period against a year earlier;
5. a map without tiles (:func:`map_png`: neighbourhood boundaries, the top
   hot spots numbered by rank, active spaces and the recommended ones, a
   legend, a scale bar and a note on the CRS), the hot spots' and the
   priority neighbourhoods' sentences;
6. what is being done and what to decide next;
7. the methodology footnote.

Charts and the map are drawn with matplotlib's Agg canvas (no pyplot state,
no display). Text uses the DejaVu Sans fonts that ship with matplotlib,
registered in reportlab (:func:`register_fonts`), so accents, "−" and "≥"
render with no system package. The output is deterministic: the document is
written with ``invariant=1`` (no creation date, fixed ids), so the same
briefing gives the same bytes.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from xml.sax.saxutils import escape

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from catalog.say import metres, number, say
from models.briefing import (
    Briefing,
    BriefingText,
    briefing_text,
    change_text,
    share_text,
    span_text,
    threshold_number,
)

#: The fonts registered in reportlab: regular and bold DejaVu Sans.
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
#: Width of the text on the page (A4 less 15 mm margins).
WIDTH = A4[0] - 30 * mm
#: Colours of the chart and the map (the page's palette).
HOT = "#c0392b"
ACTIVE = "#1e8449"
RECOMMENDED = "#e67e22"
GREY = "#7f8c8d"
#: Resolution of the chart and the map images.
DPI = 150


def register_fonts() -> None:
    """Register matplotlib's DejaVu Sans (regular, bold) in reportlab, once."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11, alignment=TA_LEFT)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13),
        "warning": ParagraphStyle(
            "warning",
            parent=base,
            fontName=BOLD,
            fontSize=10,
            leading=13,
            textColor=colors.white,
            backColor=colors.HexColor(HOT),
            borderPadding=(3, 4, 3, 4),
            spaceBefore=4,
            spaceAfter=4,
        ),
        "headline": ParagraphStyle("headline", parent=base, fontName=BOLD, fontSize=11, leading=14),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=7,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "intro": ParagraphStyle("intro", parent=base, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.2, leading=8.7),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7.2, leading=8.7),
        "figure": ParagraphStyle("figure", parent=base, fontName=BOLD, fontSize=15, leading=18),
        "label": ParagraphStyle("label", parent=base, fontSize=7.5, leading=9, textColor=GREY),
        "note": ParagraphStyle("note", parent=base, fontSize=6.8, leading=8.3, spaceAfter=1.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(
    rows: list[list[str]],
    widths: list[float],
    s: dict[str, ParagraphStyle],
    *,
    right: tuple[int, ...] = (),
) -> Table:
    """A table of text (the first row the header); the columns in ``right`` right-aligned."""
    aligned = {
        "cell": ParagraphStyle("cell_right", parent=s["cell"], alignment=TA_RIGHT),
        "head": ParagraphStyle("head_right", parent=s["head"], alignment=TA_RIGHT),
    }
    cells = []
    for r, row in enumerate(rows):
        kind = "head" if r == 0 else "cell"
        cells.append(
            [_p(text, aligned[kind] if c in right else s[kind]) for c, text in enumerate(row)]
        )
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d5d8dc")),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def chart_png(b: Briefing, lang: str) -> bytes:
    """The 12-month homicide chart as a PNG: the monthly rate scaled to a year (bars, the
    month's count on each), the epidemic threshold (a dashed line), a legend, the unit on the axis."""
    monthly = b.monthly
    fig = Figure(figsize=(7.2, 1.95))
    ax = fig.add_subplot()
    x = np.arange(len(monthly))
    heights = np.nan_to_num(monthly["rate_annual"].to_numpy(dtype=float))
    bars = ax.bar(x, heights, color="#5d6d7e", width=0.7, label=say("briefing.chart.rate", lang))
    threshold = say("briefing.chart.threshold", lang, threshold=threshold_number(b.threshold, lang))
    ax.axhline(b.threshold, color=HOT, linestyle="--", linewidth=1.2, label=threshold, zorder=1)
    for bar, n in zip(bars, monthly["count"].to_numpy(), strict=True):
        ax.annotate(
            number(int(n), lang),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
            zorder=3,
        )
    labels = []
    for k, month in enumerate(monthly["month"]):
        name = say(f"month.short.{month.month}", lang)
        labels.append(f"{name}\n{month.year}" if k == 0 or month.month == 1 else name)
    ax.set_xticks(x, labels, fontsize=7)
    ax.set_ylabel(say("briefing.chart.axis", lang), fontsize=6.5)
    ax.tick_params(axis="y", labelsize=7)
    top = max(float(heights.max()) if heights.size else 0.0, b.threshold)
    ax.set_ylim(0, top * 1.3 if top > 0 else 1.0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=6.5, loc="upper left", frameon=False)
    fig.tight_layout(pad=0.3)
    return _png(fig)


def _scale_length(width_m: float) -> float:
    """A round length near a quarter of the map's width, for the scale bar."""
    target = width_m / 4
    steps = [float(s * 10**e) for e in range(1, 6) for s in (1, 2, 5)]
    return max((s for s in steps if s <= target), default=steps[0])


def _legend_handles(b: Briefing, lang: str) -> list[Line2D | Patch]:
    handles: list[Line2D | Patch] = []
    if b.neighborhoods is not None and len(b.neighborhoods):
        handles.append(
            Line2D([], [], color=GREY, linewidth=0.8, label=say("briefing.map.hoods", lang))
        )
    if len(b.hotspots):
        label = say("briefing.map.hotspots", lang)
        handles.append(Patch(facecolor=HOT, alpha=0.6, edgecolor=HOT, label=label))
    if b.spaces is not None and len(b.spaces):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=ACTIVE,
                markersize=4,
                label=say("briefing.map.active", lang),
            )
        )
        if b.spaces["recommended"].any():
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="*",
                    linestyle="",
                    color=RECOMMENDED,
                    markersize=8,
                    markeredgecolor="black",
                    markeredgewidth=0.4,
                    label=say("briefing.map.recommended", lang),
                )
            )
    return handles


def _map_bounds(b: Briefing) -> tuple[float, float, float, float]:
    """The projected extent of the map's layers (neighbourhoods, spaces, hot spots)."""
    boxes = []
    if b.neighborhoods is not None and len(b.neighborhoods):
        boxes.append(b.neighborhoods.total_bounds)
    if b.spaces is not None and len(b.spaces):
        boxes.append(b.spaces.total_bounds)
    if len(b.hotspots):
        boxes.append(gpd.GeoDataFrame(b.hotspots).to_crs(b.crs).total_bounds)
    found = np.array([box for box in boxes if np.isfinite(box).all()], dtype=float)
    if not len(found):
        return 0.0, 0.0, 1.0, 1.0
    return (
        float(found[:, 0].min()),
        float(found[:, 1].min()),
        float(found[:, 2].max()),
        float(found[:, 3].max()),
    )


def map_png(b: Briefing, lang: str) -> bytes:
    """The map as a PNG, in the workspace's projected CRS, without tiles: neighbourhood
    boundaries, the top hot spots numbered by rank (the number at each one's upper right),
    active spaces and the recommended ones, a legend under the map, a scale bar and a note on
    the CRS (north up)."""
    xmin, ymin, xmax, ymax = _map_bounds(b)
    pad = 0.03 * max(xmax - xmin, ymax - ymin, 1.0)
    xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad
    ratio = min(max((ymax - ymin) / (xmax - xmin), 0.5), 1.6)
    width, band = 3.6, 0.62  # inches: the map's width, and the band under it (legend, note)
    height = width * ratio + band
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0.0, band / height, 1.0, 1.0 - band / height))
    if b.neighborhoods is not None and len(b.neighborhoods):
        b.neighborhoods.boundary.plot(ax=ax, color=GREY, linewidth=0.35)
    if len(b.hotspots):
        hot = gpd.GeoDataFrame(b.hotspots).to_crs(b.crs)
        hot.plot(ax=ax, color=HOT, alpha=0.45, edgecolor=HOT, linewidth=0.6, zorder=2)
        bounds = hot.geometry.bounds
        for rank, x, y in zip(hot["rank"], bounds["maxx"], bounds["maxy"], strict=True):
            ax.annotate(
                number(int(rank), lang),
                (x, y),
                ha="center",
                va="center",
                fontsize=6.5,
                fontweight="bold",
                color="white",
                bbox={"boxstyle": "circle,pad=0.12", "fc": HOT, "ec": "white", "lw": 0.5},
                zorder=6,
            )
    if b.spaces is not None and len(b.spaces):
        points = b.spaces.geometry.representative_point()
        active = (b.spaces["activation_status"].astype(str) == "active").to_numpy()
        chosen = b.spaces["recommended"].to_numpy(dtype=bool)
        ax.scatter(points.x[active], points.y[active], s=7, color=ACTIVE, zorder=4)
        ax.scatter(
            points.x[chosen],
            points.y[chosen],
            s=38,
            marker="*",
            color=RECOMMENDED,
            edgecolor="black",
            linewidth=0.3,
            zorder=5,
        )
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    span = xmax - xmin
    if span > 0 and math.isfinite(span):
        length = _scale_length(span)
        x0, y0 = xmin + 0.02 * span, ymin + 0.015 * (ymax - ymin)
        ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=2, solid_capstyle="butt")
        ax.annotate(
            metres(length, lang),
            (x0 + length / 2, y0),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=6,
        )
    handles = _legend_handles(b, lang)
    if handles:
        fig.legend(
            handles=handles,
            fontsize=6,
            loc="lower left",
            bbox_to_anchor=(0.0, 0.12 / height),
            frameon=False,
            ncols=2,
            handlelength=1.4,
            columnspacing=1.0,
        )
    fig.text(
        0.99,
        0.01,
        say("briefing.map.note", lang, crs=b.crs),
        ha="right",
        va="bottom",
        fontsize=5.5,
        color=GREY,
    )
    return _png(fig)


def _image(png: bytes, width: float) -> Image:
    """A PNG scaled to ``width`` points, its proportions kept."""
    img = Image(io.BytesIO(png))
    img.drawHeight = width * img.imageHeight / img.imageWidth
    img.drawWidth = width
    return img


def _figures(t: BriefingText, s: dict[str, ParagraphStyle], lang: str) -> Table:
    """The headline figures as four cards: label over value."""
    cards = [
        (say("briefing.fig.count", lang, period=t.period), t.count),
        (say("briefing.fig.rate", lang, period=t.period), t.rate),
        (say("briefing.fig.before", lang, before=t.before), f"{t.count_before} ({t.rate_before})"),
        (say("briefing.fig.change", lang, before=t.before), f"{t.change} ({t.change_pct})"),
    ]
    row = [[_p(label, s["label"]), _p(value, s["figure"])] for label, value in cards]
    table = Table([row], colWidths=[WIDTH / 4] * 4, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#d5d8dc")),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#d5d8dc")),
            ]
        )
    )
    return table


def _side_by_side(
    left: Flowable | list[Flowable], right: Flowable | list[Flowable], split: float
) -> Table:
    """Two blocks side by side, ``split`` of the width to the left one."""
    table = Table([[left, right]], colWidths=[WIDTH * split, WIDTH * (1 - split)], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 6),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _head(b: Briefing, t: BriefingText, s: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    """The title, the warning, the headline, the figures, the threshold and the chart."""
    story: list[Flowable] = [
        _p(t.title, s["title"]),
        _p(
            say("briefing.subtitle", lang, period=t.period, label=t.label, before=t.before),
            s["subtitle"],
        ),
    ]
    if t.synthetic:
        story.append(_p(t.synthetic, s["warning"]))
    story += [Spacer(1, 3), _p(t.headline, s["headline"]), Spacer(1, 4), _figures(t, s, lang)]
    if t.threshold:
        story += [Spacer(1, 3), _p(t.threshold, s["body"])]
    first, last = b.monthly["month"].iloc[0], b.monthly["month"].iloc[-1]
    span = span_text(first.date(), (last + pd.offsets.MonthEnd(0)).date(), lang)
    story.append(
        KeepTogether(
            [
                _p(say("briefing.chart.title", lang, span=span), s["h2"]),
                _image(chart_png(b, lang), WIDTH),
            ]
        )
    )
    return story


def _categories(b: Briefing, t: BriefingText, s: dict[str, ParagraphStyle], lang: str) -> Flowable:
    rows = [
        [say("briefing.col.category", lang), t.period, t.before, say("briefing.col.change", lang)]
    ]
    for r in b.categories.itertuples():
        pct = share_text(float(r.change_share), lang)
        rows.append(
            [
                say(f"category.{r.category}", lang),
                number(int(r.count), lang),
                number(int(r.count_before), lang),
                f"{change_text(int(r.change), lang)} ({pct})",
            ]
        )
    w = WIDTH * 0.62 - 10
    table = _table(rows, [w * 0.4, w * 0.18, w * 0.18, w * 0.24], s, right=(1, 2, 3))
    words = [_p(g, s["body"]) for g in t.groups]
    return KeepTogether(
        [_p(say("briefing.section.categories", lang), s["h2"]), _side_by_side(table, words, 0.62)]
    )


def _where(b: Briefing, t: BriefingText, s: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    """The map beside the hot spots, then the priority neighbourhoods."""
    right: list[Flowable] = [_p(say("briefing.map.title", lang, period=t.period), s["label"])]
    right += [Spacer(1, 3), _p(t.hotspots_intro, s["body"])]
    if t.hotspots:
        rows = [[say("briefing.col.rank", lang), say("briefing.col.hotspot", lang)]]
        rows += [[number(k, lang), text] for k, text in enumerate(t.hotspots, start=1)]
        w = WIDTH * 0.55
        right += [Spacer(1, 2), _table(rows, [w * 0.07, w * 0.93], s)]
    story: list[Flowable] = [
        KeepTogether(
            [
                _p(say("briefing.section.where", lang), s["h2"]),
                _side_by_side(_image(map_png(b, lang), WIDTH * 0.44), right, 0.45),
            ]
        ),
        Spacer(1, 4),
    ]
    block: list[Flowable] = [_p(t.priority_intro, s["intro"])]
    if t.priority:
        rows = [
            [
                say("briefing.col.rank", lang),
                say("briefing.col.neighborhood", lang),
                say("briefing.col.reason", lang),
            ]
        ]
        rows += [[number(k, lang), name, why] for k, (name, why) in enumerate(t.priority, start=1)]
        # no spacer between: the intro keeps with the table (``keepWithNext``)
        block.append(_table(rows, [WIDTH * 0.04, WIDTH * 0.16, WIDTH * 0.8], s))
    story += block  # the list may run on to the next page (its header repeats)
    return story


def _doing(b: Briefing, t: BriefingText, s: dict[str, ParagraphStyle], lang: str) -> Flowable:
    d = b.doing
    words: list[Flowable] = [_p(x, s["body"]) for x in t.doing]
    if d.n_programs is None:
        return KeepTogether([_p(say("briefing.section.doing", lang), s["h2"]), *words])
    rows = [
        [
            say("briefing.col.component", lang),
            say("briefing.col.programs", lang),
            say("briefing.col.partner_type", lang),
            say("briefing.col.programs", lang),
        ]
    ]
    comp = list(zip(d.by_component["component"], d.by_component["programs"], strict=True))
    partners = list(
        zip(d.by_partner_type["partner_type"], d.by_partner_type["programs"], strict=True)
    )
    for k in range(max(len(comp), len(partners))):
        row = ["", "", "", ""]
        if k < len(comp):
            row[0], row[1] = say(f"component.{comp[k][0]}", lang), number(int(comp[k][1]), lang)
        if k < len(partners):
            p, n = partners[k]
            row[2], row[3] = say(f"articulation.partner_type.{p}", lang), number(int(n), lang)
        rows.append(row)
    w = WIDTH * 0.52
    table = _table(rows, [w * 0.31, w * 0.19, w * 0.31, w * 0.19], s, right=(1, 3))
    table.setStyle(TableStyle([("LEFTPADDING", (2, 0), (2, -1), 8)]))
    return KeepTogether(
        [_p(say("briefing.section.doing", lang), s["h2"]), _side_by_side(words, table, 0.48)]
    )


def _decide(b: Briefing, t: BriefingText, s: dict[str, ParagraphStyle], lang: str) -> Flowable:
    block: list[Flowable] = [
        _p(say("briefing.section.decide", lang), s["h2"]),
        _p(t.decision, s["body"]),
    ]
    if b.decision is not None and len(b.decision.chosen):
        rows = [
            [
                say("briefing.col.space", lang),
                say("briefing.col.cost", lang),
                say("briefing.col.gain", lang),
            ]
        ]
        for r in b.decision.chosen.itertuples():
            rows.append(
                [
                    f"{r.space_id} · {r.name}",
                    number(float(r.activation_cost), lang),
                    number(float(r.marginal_gain), lang),
                ]
            )
        widths = [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.2]
        block += [Spacer(1, 3), _table(rows, widths, s, right=(1, 2))]
    return KeepTogether(block)


def _story(b: Briefing, t: BriefingText, lang: str) -> list[Flowable]:
    s = _styles()
    story = _head(b, t, s, lang)
    story.append(_categories(b, t, s, lang))
    story += _where(b, t, s, lang)
    story += [_doing(b, t, s, lang), _decide(b, t, s, lang)]
    story.append(_p(say("briefing.section.method", lang), s["h2"]))
    story += [_p(n, s["note"]) for n in t.footnote]
    return story


def render_pdf(b: Briefing, lang: str) -> bytes:
    """The briefing as a PDF in ``lang`` (``"es"`` or ``"en"``): A4, one or two pages.

    The bytes are the same for the same briefing and language (reportlab's
    ``invariant`` mode: no creation date, fixed document ids).
    """
    register_fonts()
    t = briefing_text(b, lang)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=13 * mm,
        title=t.title,
        subject=t.period,
        author=b.city,
        creator="Convivencia",
        invariant=1,
        lang=lang,
    )

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor(GREY))
        page = str(canvas.getPageNumber())
        canvas.drawString(
            15 * mm, 7 * mm, say("briefing.footer", lang, city=b.city, period=t.period, page=page)
        )
        if t.synthetic:
            canvas.setFillColor(colors.HexColor(HOT))
            canvas.drawRightString(A4[0] - 15 * mm, 7 * mm, t.synthetic)
        canvas.restoreState()

    doc.build(_story(b, t, lang), onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
