/*
 * report_style.c - the HTML report's style sheet and its one script, kept
 * apart from the page's structure.  Fonts are the reader's own (a list of
 * common Chinese system fonts, then sans-serif): a web font would be a
 * network request.  The print rules put each section on a new A4
 * landscape page, repeat a table's heading on every page and keep a row
 * whole (the page's own @page rule adds the title and page numbers to
 * the footer); names, ids and headings never wrap.  The script only adds
 * sorting and filtering to a table that is complete without it.
 */
#include "report_style.h"

const char report_css[] =
"*{box-sizing:border-box}\n"
"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
"\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\",\"SimSun\","
"sans-serif;margin:0 auto;max-width:1000px;padding:16px;color:#222;"
"line-height:1.5}\n"
"h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid "
"#b22222;padding-bottom:2px;margin:24px 0 10px}\n"
".sub{color:#555;margin:0 0 12px}\n"
".figs{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0}\n"
".fig{border:1px solid #ccc;border-radius:4px;padding:6px 12px;"
"min-width:110px;list-style:none}\n"
".fig .n{display:block;font-size:26px;font-weight:bold;color:#b22222}\n"
".fig .k{font-size:13px;color:#444}\n"
".charts{display:grid;grid-template-columns:repeat(auto-fill,"
"minmax(440px,1fr));gap:4px 24px}\n"
".chart{margin:8px 0 12px;break-inside:avoid}\n"
".chart figcaption{font-weight:bold;margin-bottom:4px}\n"
"svg{max-width:100%;height:auto;font-size:12px}\n"
"svg text{fill:#222}\n"
"table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}"
"\n"
"th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;"
"vertical-align:top}\n"
"th{background:#f3e9e9}\n"
"td.num,th.num{text-align:right}\n"
"th[data-sort]{cursor:pointer}\n"
".note{color:#555;font-size:13px}\n"
"code{font-size:12px;word-break:break-all}\n"
"#filter{margin:4px 0;padding:3px 6px;font-size:14px}\n"
"@page{size:A4 landscape;margin:12mm 12mm 14mm}\n"
"th,td.nm{white-space:nowrap}\n"
"details{margin:0 0 12px}summary{cursor:pointer;color:#b22222}\n"
"@media print{body{max-width:none;padding:0}"
"section{break-before:page}section.first{break-before:auto}"
".charts{grid-template-columns:1fr 1fr}"
".noprint{display:none!important}thead{display:table-header-group}"
"tr{break-inside:avoid}h2{break-after:avoid}"
"table{font-size:11px;line-height:1.3}th,td{padding:2px 5px}"
"tr[hidden]{display:table-row!important}}\n";

/* Sorting by a click on a heading (numbers by value, the rest by the
 * Chinese collation); filtering by the text of a row.  A link may open the
 * page filtered and sorted: report.html#q=TEXT&sort=COLUMN (from 0). */
const char report_js[] =
"(function(){\n"
"var t=document.getElementById('results-table'),f=document.getElementById"
"('filter');\n"
"if(!t||!f)return;\n"
"document.getElementById('filter-bar').hidden=false;\n"
"var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),hs=t.tHead"
".rows[0].cells;\n"
"function filter(){var q=f.value.trim();\n"
"rows.forEach(function(r){r.hidden=q!==''&&r.textContent.indexOf(q)<0;});}"
"\n"
"f.addEventListener('input',filter);\n"
"Array.prototype.forEach.call(hs,function(h,i){\n"
"h.setAttribute('data-sort','');var up=true;\n"
"h.addEventListener('click',function(){\n"
"var num=h.classList.contains('num');\n"
"rows.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i]"
".textContent;\n"
"var d=num?(parseFloat(a)||0)-(parseFloat(c)||0):a.localeCompare(c,'zh');\n"
"return up?d:-d;});up=!up;\n"
"rows.forEach(function(r){b.appendChild(r);});});});\n"
"location.hash.slice(1).split('&').forEach(function(kv){\n"
"var k=kv.split('=')[0],v=decodeURIComponent(kv.slice(k.length+1));\n"
"if(k==='q'){f.value=v;filter();}\n"
"if(k==='sort'&&hs[+v])hs[+v].click();});\n"
"})();\n";
