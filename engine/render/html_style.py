"""The HTML report's stylesheet: on screen, and on A4 paper (fixed-layout tables that wrap
instead of running off the page, headers repeated on every page, page numbers)."""

from __future__ import annotations

CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;color:var(--ink);
margin:0 auto;max-width:1120px;padding:24px;line-height:1.4;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;
border-bottom:2px solid var(--line);padding-bottom:4px;break-after:avoid}
h3{font-size:15px;margin:16px 0 6px;break-after:avoid}
.prov{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:2px 14px;
margin:10px 0;background:var(--bg);border:1px solid var(--line);border-radius:6px;
padding:8px 12px;font-size:13px}
.prov dt{color:var(--muted)}.prov dd{margin:0;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:4px 18px;margin:8px 0;padding:0;list-style:none}
.counts b{font-variant-numeric:tabular-nums}
code{font-family:"Liberation Mono",Consolas,monospace;font-size:12px}
code.id{color:var(--muted);font-size:11px}
nav{margin:8px 0 0}nav a{margin-right:12px;color:#0969da}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;table-layout:fixed}
th,td{border:1px solid var(--line);padding:3px 6px;vertical-align:top;text-align:left;
overflow-wrap:anywhere}
th{background:var(--bg);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:break-word}
tr.sub td{color:var(--muted);font-size:12px}
tr.group th{background:#eef1f4;text-align:left}
table.pk-table th:nth-child(1){width:24%}table.pk-table th:nth-child(2){width:32%}
table.pk-table th:nth-child(3){width:9%}table.pk-table th:nth-child(7){width:11%}
.na{color:var(--muted);font-weight:600}.na.gap{color:#9a3412}.none{color:var(--muted)}
.reason{color:var(--muted);font-size:12px;display:block}
.subs{display:block;color:var(--muted);font-size:12px}
.pk{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;font-weight:600}
.pk-st{background:#1a7f37;color:#fff}.pk-t{background:#56b870;color:#0b2e13}
.pk-s{background:#f2c94c;color:#3d2e00}.pk-r{background:#f08c3a;color:#3a1a00}
.pk-sr{background:#cf222e;color:#fff}.pk-x{background:#e6e9ed;color:#1f2328}
details summary{cursor:pointer;color:#0969da;font-size:12px}
details dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:4px 0;
font-size:12px}details dd{margin:0;overflow-wrap:anywhere}
svg.chart{display:block;width:100%;max-width:780px;height:auto;margin:4px 0 8px}
svg text{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;font-size:12px;fill:#1f2328}
.legend span{margin-right:6px}.muted{color:var(--muted)}
.sign{display:grid;grid-template-columns:1fr 1fr;gap:18px 40px;margin-top:20px}
.sign div{border-top:1px solid var(--ink);padding-top:4px;margin-top:56px}
footer{margin-top:28px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);
padding-top:8px}
@page{size:A4;margin:14mm 12mm 16mm;
@bottom-right{content:counter(page) " / " counter(pages);font:9pt Arial,sans-serif;color:#59636e}}
@media print{body{max-width:none;padding:0;font-size:9.5pt}h2{margin-top:14px}
h3{margin:8px 0 4px}p{margin:4px 0}table{margin:4px 0 8px}
nav,details{display:none}
section.page{break-before:page}section.keep,svg,tr,.closing{break-inside:avoid}
thead{display:table-header-group}
td,th{padding:2px 4px}th{font-size:8.5pt}.sign div{margin-top:40px}
.reason,.subs,tr.sub td,.pk,code{font-size:8pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
