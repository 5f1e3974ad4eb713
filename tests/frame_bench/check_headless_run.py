#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A short run of fb-frame-bench on the headless backend, as the test command's check that the
tool works end to end: every scene with every strategy and baseline, at 32 bpp (XRGB8888) and
16 bpp (RGB565), on the panel mounted at 90 degrees, unpaced and once paced; with --xvfb-run
also on SDL in a real X window.

    check_headless_run.py --bench fb-frame-bench --schema frame_bench.schema.json --out DIR
        [--xvfb-run xvfb-run]

Checks, per run: exit status 0; the table names every scene; the JSON validates against the
schema and every cell has a figure (or is n/a with its reason where the format rules it out);
the chart is a PNG with a sane size. Prints one line per check; exit 0 only if all passed.
No speed is asserted.
"""

import argparse
import json
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_checks as bc  # noqa: E402

RUNS = [
    # tag, backend, extra flags, format, scenes, strategies, machine baselines, paced
    ('xrgb8888', 'headless', [], 'xrgb8888', bc.SCENES, bc.STRATEGIES, bc.MACHINE, False),
    ('rgb565', 'headless', ['--format', 'rgb565'], 'rgb565', bc.SCENES, bc.STRATEGIES,
     bc.MACHINE, False),
    ('paced', 'headless',
     ['--fps', '200', '--scenes', 'sprite,text', '--strategies', 'damage,flip3,pixman'],
     'xrgb8888', ['sprite', 'text'], ['damage', 'flip3', 'pixman'], [], True),
    # The 320x200 panel mounted at 90 degrees: 200x320 scenes, rotation recorded.
    ('rotate90', 'headless', ['--rotate', '90'], 'xrgb8888', bc.SCENES, bc.STRATEGIES, bc.MACHINE,
     False),
]
# With --xvfb-run: the SDL backend in a real X window, which flips nothing (one texture).
SDL_RUN = ('sdl', 'sdl', ['--scenes', 'sprite,dashboard'], 'xrgb8888', ['sprite', 'dashboard'],
           bc.STRATEGIES, bc.MACHINE, False)
SDL_UNSUPPORTED = {'flip2': 'SDL shows one texture', 'flip3': 'SDL shows one texture'}


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bench', required=True)
    ap.add_argument('--schema', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--xvfb-run', help='xvfb-run, to run the SDL backend in a private X server')
    args = ap.parse_args()
    runs = RUNS + ([SDL_RUN] if args.xvfb_run else [])
    os.makedirs(args.out, exist_ok=True)
    failed = 0

    def check(name, ok, detail):
        nonlocal failed
        failed += 0 if ok else 1
        print('%-28s %s  %s' % (name, 'PASS' if ok else 'FAIL', detail), flush=True)

    for tag, backend, extra, fmt, scenes, strategies, machine, paced in runs:
        json_path = os.path.join(args.out, tag + '.json')
        chart_path = os.path.join(args.out, tag + '.png')
        for stale in (json_path, chart_path):
            if os.path.exists(stale):
                os.remove(stale)
        cmd = [args.bench, '--backend', backend, '--size', '320x200', '--seconds', '0.02',
               '--json', json_path, '--chart', chart_path] + extra
        if backend == 'sdl':
            cmd = [args.xvfb_run, '-a', '-s', '-screen 0 1024x768x24'] + cmd
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        check('%s_status' % tag, proc.returncode == 0,
              'exit %d%s' % (proc.returncode, (': ' + proc.stderr.strip()[-300:])
                             if proc.returncode else ''))
        progress = [l for l in proc.stderr.splitlines() if l.startswith('fb-frame-bench: [')]
        check('%s_progress' % tag, len(progress) == len(scenes) * len(strategies) + len(machine),
              '%d progress lines on stderr' % len(progress))
        rotation = int(extra[extra.index('--rotate') + 1]) if '--rotate' in extra else 0
        width, height = (200, 320) if rotation in (90, 270) else (320, 200)
        titles_missing = [s for s in scenes if '(%s)' % s not in proc.stdout]
        header = ['mode      %dx%d %s,' % (width, height, fmt),
                  'rotation  %d degrees%s\n' % (rotation, ' (panel 320x200)'
                                                 if rotation in (90, 270) else '')]
        titles_missing += ['the header line "%s"' % h.strip() for h in header
                           if h not in proc.stdout]
        check('%s_table' % tag, not titles_missing,
              'missing %s' % titles_missing if titles_missing else 'every scene in the table')
        try:
            with open(json_path, encoding='utf-8') as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            check('%s_json' % tag, False, str(e))
            continue
        problem = bc.schema_problem(doc, args.schema)
        check('%s_schema' % tag, problem is None, problem or 'valid')
        wrong = bc.display_problems(doc, backend=backend, format=fmt, width=width, height=height,
                                    rotation=rotation)
        check('%s_display' % tag, not wrong,
              '; '.join(wrong) or '%s %dx%d %s rotation %d' % (backend, width, height, fmt,
                                                              rotation))
        problems = bc.cell_problems(doc, fmt, scenes, strategies, machine, paced,
                                    SDL_UNSUPPORTED if backend == 'sdl' else None)
        check('%s_cells' % tag, not problems,
              '; '.join(problems[:4]) or '%d cells, each with a figure' % len(doc['cells']))
        size = png_size(chart_path) if os.path.exists(chart_path) else None
        check('%s_chart' % tag, size and size[0] >= 400 and size[1] >= 200,
              '%s %dx%d' % (os.path.basename(chart_path), *size) if size else 'no PNG written')
    print('frame_bench_headless_run: %s' % ('all passed' if not failed else '%d failed' % failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
