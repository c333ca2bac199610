"""The summary for the doctor as a one-page PDF (fpdf2), with the diary chart. Its font is
DejaVu Sans as shipped inside matplotlib, so every character of every locale's text prints
without a system font."""

from __future__ import annotations

from pathlib import Path

from bot.engine.summary import Summary


def _font() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def summary_pdf(summary: Summary, chart: bytes | None = None) -> bytes:
    import io

    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(_font()))
    pdf.add_page()
    pdf.set_title(summary.title)
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 9, summary.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    pdf.multi_cell(0, 5, summary.intro, new_x="LMARGIN", new_y="NEXT")
    for section in summary.sections:
        pdf.ln(2)
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(0, 6, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=9)
        for line in section.lines:
            pdf.multi_cell(0, 5, f"• {line}", new_x="LMARGIN", new_y="NEXT")
    if chart:
        pdf.ln(2)
        pdf.image(io.BytesIO(chart), w=160)
    pdf.ln(3)
    pdf.set_font("DejaVu", size=8)
    pdf.multi_cell(0, 4, summary.footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
