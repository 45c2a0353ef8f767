"""Offline HTML report: build time and size (targets: sub-corpus < 30 s, < 10 MB).

For each corpus given (default: ``seeds``), in one process:

* a baseline: ``al.analyse`` alone (reading + every table), the work any report needs;
* ``al.build_report`` from the same results: rendering (figures, clusters, articles) and
  writing, and the whole build (analysis + rendering), with the ratio to the baseline;
* the size of ``report.html`` and what takes the room (embedded font, figures, text);
* with ``--screenshots DIR`` and Chromium installed: a screenshot of the top of each
  report and of its first reuse clusters (open them and look).

Usage::

    python benchmarks/bench_report.py seeds path/to/astana_sub.jsonl.gz --screenshots /tmp/shots
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def screenshots(report: Path, out: Path, stem: str) -> list[Path]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("  chromium not installed: no screenshots")
        return []
    from PIL import Image

    tall = out / f"{stem}_full.png"
    cmd = [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
           "--proxy-server=127.0.0.1:9", "--window-size=1200,8000", f"--screenshot={tall}",
           report.as_uri()]  # fmt: skip
    subprocess.run(cmd, capture_output=True, timeout=180, check=True)
    im = Image.open(tall)
    top = out / f"{stem}_top.png"
    im.crop((0, 0, 1200, 1400)).save(top)
    # below the coverage grid and figures: the first reuse clusters
    mid = out / f"{stem}_clusters.png"
    im.crop((0, 3000, 1200, 4400)).save(mid)
    tall.unlink()
    return [top, mid]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", default=["seeds"])
    ap.add_argument("--screenshots", default=None, help="folder for PNG screenshots")
    args = ap.parse_args()
    import astana_lib as al
    from astana_lib.review.report import build_report

    for corpus in args.corpora:
        t0 = time.perf_counter()
        res = al.analyse(corpus, progress=False)
        t_analyse = time.perf_counter() - t0
        res.params["corpus"] = str(corpus)
        out = Path(tempfile.mkdtemp(prefix="astana_report_"))
        t1 = time.perf_counter()
        path = build_report(results=res, out=out)
        t_render = time.perf_counter() - t1
        total = t_analyse + t_render
        page = path.read_text(encoding="utf-8")
        size = path.stat().st_size
        fonts = sum(len(m) for m in re.findall(r"data:font/ttf;base64,[A-Za-z0-9+/=]+", page))
        figs = sum(len(m) for m in re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]+", page))
        n_cl = page.count('<section class="al-cluster"')
        print(f"{Path(corpus).name}: {len(res.corpus.articles)} articles, "
              f"{len(res.corpus.paragraphs)} paragraphs, {n_cl} clusters")  # fmt: skip
        print(f"  baseline analyse: {t_analyse:.2f} s; rendering + writing: {t_render:.2f} s "
              f"(ratio {t_render / t_analyse:.2f}); whole build {total:.2f} s "
              f"-> target < 30 s: {'met' if total < 30 else 'NOT met'}")  # fmt: skip
        print(f"  report.html {size / 1e6:.2f} MB (font {fonts / 1e6:.2f} MB, figures "
              f"{figs / 1e6:.2f} MB, rest {(size - fonts - figs) / 1e6:.2f} MB) "
              f"-> target < 10 MB: {'met' if size < 10e6 else 'NOT met'}")  # fmt: skip
        if args.screenshots:
            shots = Path(args.screenshots)
            shots.mkdir(parents=True, exist_ok=True)
            stem = Path(corpus).name.split(".")[0]
            for p in screenshots(path, shots, stem):
                print(f"  screenshot {p}")


if __name__ == "__main__":
    main()
