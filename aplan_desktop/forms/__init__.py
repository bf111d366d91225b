"""Official Mongolian forms as PDF (ReportLab): plans, reports, the cover letter.

One module per form; they share the fonts, the page layout and the table that can split a
row taller than a page. No Qt here: the GUI shows the PDFs these modules write.
"""
