"""The preview's error page: what an editor's browser shows while a record is broken.

Engine-neutral: it turns located diagnostics (or a plain user error) into one
self-contained HTML page in Chinese — no outside request, no stylesheet or script file —
listing every problem with its file, line, message and the offending source line. The
page reloads itself when the preview has been rebuilt (it long-polls the preview server's
``/livereload/<epoch>/<id>`` address, which MkDocs's own pages use the same way).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity, place

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
margin:0;background:#fafafa;color:#1a1a1a;line-height:1.6}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{color:#a30000;font-size:1.6rem;margin:.5rem 0}
.lead{font-size:1.05rem}
ol{padding-left:1.5rem}
li{background:#fff;border-left:4px solid #c62828;margin:0 0 1rem;padding:.75rem 1rem;
box-shadow:0 1px 2px rgba(0,0,0,.15)}
li.warning{border-left-color:#8a6d00}
.where{font-family:monospace;font-size:1rem;font-weight:bold;overflow-wrap:anywhere}
.msg{margin:.25rem 0}
.en{color:#4a4a4a;font-size:.9rem}
pre{background:#f3f3f3;border:1px solid #ccc;padding:.5rem;overflow-x:auto;margin:.5rem 0 0;
white-space:pre-wrap;overflow-wrap:anywhere}
.status{color:#1a5e20;font-weight:bold}
"""

_LEAD = "请按下列提示修改 YAML 记录并保存，本页会自动刷新，显示改好的网站。"

# Waits for the next finished rebuild after this page's build, then reloads the page.
_RELOAD = """
(function(){
  var epoch = %s, id = Math.floor(Math.random() * 1e9);
  function poll(){
    fetch("/livereload/" + epoch + "/" + id).then(function(r){ return r.text(); })
      .then(function(t){ if (Number(t) > epoch) { location.reload(); } else { poll(); } })
      .catch(function(){ setTimeout(poll, 2000); });
  }
  poll();
})();
"""


def source_line(path: str, line: int, roots: Iterable[Path] = ()) -> str | None:
    """Line ``line`` (1-based) of the file ``path``, found as given or under ``roots``."""
    if line < 1:
        return None
    for base in [Path(), *roots]:
        candidate = base / path
        try:
            with candidate.open(encoding="utf-8", errors="replace") as f:
                for n, text in enumerate(f, 1):
                    if n == line:
                        return text.rstrip("\r\n")
        except OSError:
            continue
        return None
    return None


def error_page(
    diagnostics: list[Diagnostic],
    *,
    problems: Iterable[str] = (),
    roots: Iterable[Path] = (),
    epoch: int | None = None,
) -> str:
    """The error page: every diagnostic (and any plain problem line), in Chinese first."""
    roots = list(roots)
    problems = list(problems)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    count = len(errors) + len(problems)
    items = []
    for d in sorted(diagnostics, key=lambda d: (d.severity != Severity.ERROR, d)):
        quoted = source_line(d.path, d.line, roots)
        # As the report reads (第二部分（三）第 1 段), the dotted path beside the English.
        field = f"{html.escape(place(d.field) or d.field)}：" if d.field else ""
        kind = "提示" if d.severity is Severity.WARNING else "错误"
        code = (
            f'<pre aria-label="第 {d.line} 行原文">{d.line:>4} | {html.escape(quoted)}</pre>'
            if quoted is not None
            else ""
        )
        items.append(
            f'<li class="{d.severity.value}">'
            f'<div class="where">{kind}：{html.escape(d.path)} 第 {d.line} 行第 {d.col} 列</div>'
            f'<p class="msg">{field}{html.escape(d.zh)}</p>'
            f'<p class="en" lang="en">{html.escape(_english(d))}</p>{code}</li>'
        )
    for text in problems:
        items.append(f'<li class="error"><p class="msg">{html.escape(text)}</p></li>')
    script = f"<script>{_RELOAD % json.dumps(epoch)}</script>" if epoch is not None else ""
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
    )
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>预览：记录有误（{count} 个错误）</title>
<style>{_STYLE}</style>
</head>
<body>
<main id="gkgen-preview-error">
<h1>记录有误，预览暂停</h1>
<p class="lead">共 {count} 个错误。{_LEAD}</p>
<p class="en" lang="en">The records have {count} error(s). Fix them and save;
this page reloads by itself.</p>
<ol aria-label="错误列表">
{"".join(items)}
</ol>
<p class="status" role="status">正在等待保存……（修改保存后自动刷新）</p>
</main>
{script}
</body>
</html>
"""


def _english(d: Diagnostic) -> str:
    """The English half, led by the dotted path when the Chinese half names the place."""
    return f"{d.field}: {d.en}" if d.field and place(d.field) else d.en
