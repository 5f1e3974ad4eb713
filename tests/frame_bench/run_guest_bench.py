#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""fb-frame-bench on a real mapping: fbmmap.ko in a QEMU guest, every scene and strategy.

    python3 tests/frame_bench/run_guest_bench.py --build-dir DIR --bench fb-frame-bench \\
        --ko fbmmap.ko [--kernel-version V] [-v]

The guest (Debian's kernel, a busybox initramfs with fb-frame-bench and its libraries) loads
fbmmap.ko's virtual back end with three 1024x600 buffers and runs a short bench on /dev/fb0
at 32 bpp, then reloads it at 16 bpp (RGB565) and runs it again, and once paced at the
display's rate. The JSON of each run comes back over the console; the host checks it: the
schema's shape, the display the bench saw (fbdev, fbmmap, write-combined, vblank), every cell
measured (figures > 0) except the ones the format rules out, named with their reason, and
missed frames counted only when paced. Figures are never compared: no speed is asserted.
Prints one line per check and exits 0 only if all passed.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, 'tests', 'qemu'))
sys.path.insert(0, os.path.join(SRC, 'tests', 'e2e'))
sys.path.insert(0, HERE)

import bench_checks as bc  # noqa: E402
import qemu_harness as qh  # noqa: E402
from run_e2e import Checks, exit_with, shared_libraries  # noqa: E402

REGION_BASE = '0x10000000'
REGION_SIZE = '0x1000000'

RUN = '''/fb-frame-bench --backend fbdev:/dev/fb0 --seconds 0.05 --quiet --json /tmp/{tag}.json \
{extra} > /tmp/{tag}.log 2>&1
echo BENCH-STATUS {tag} $?
echo BENCH-JSON-BEGIN {tag}
cat /tmp/{tag}.json
echo
echo BENCH-JSON-END {tag}'''

WAIT_FB = '''i=0; while [ ! -e /dev/fb0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done'''

BODY = '\n'.join([
    'insmod /fbmmap.ko width=1024 height=600 bpp=32 buffers=3 refresh_hz=60 '
    'mem_base={b} mem_size={s}'.format(b=REGION_BASE, s=REGION_SIZE),
    WAIT_FB,
    RUN.format(tag='xrgb8888', extra=''),
    RUN.format(tag='paced', extra='--fps display --scenes sprite --strategies damage,flip2'),
    'rmmod fbmmap',
    'insmod /fbmmap.ko width=1024 height=600 bpp=16 buffers=3 refresh_hz=60 '
    'mem_base={b} mem_size={s}'.format(b=REGION_BASE, s=REGION_SIZE),
    WAIT_FB,
    RUN.format(tag='rgb565', extra=''),
    'echo BENCH-ALL-DONE',
])


def guest_json(lines, tag):
    """The JSON document the guest printed between its markers, or None."""
    inside, text = False, []
    for line in lines:
        if line.strip() == 'BENCH-JSON-BEGIN %s' % tag:
            inside, text = True, []
        elif line.strip() == 'BENCH-JSON-END %s' % tag:
            try:
                return json.loads('\n'.join(text))
            except ValueError:
                return None
        elif inside:
            text.append(line)
    return None


def check_run(checks, tag, doc, fmt, scenes, strategies, machine, paced, schema_path):
    problem = bc.schema_problem(doc, schema_path)
    checks.check('%s_schema' % tag, problem is None, problem or 'valid')
    wrong = bc.display_problems(doc, backend='fbdev', driver='fbmmap', format=fmt, width=1024,
                                height=600, write_combined=True, has_vblank=True)
    checks.check('%s_display' % tag, not wrong, '; '.join(wrong) or 'fbmmap 1024x600 ' + fmt)
    problems = bc.cell_problems(doc, fmt, scenes, strategies, machine, paced)
    checks.check('%s_cells' % tag, not problems,
                 '; '.join(problems[:4]) or '%d cells, each measured on the mapping'
                 % len(doc['cells']))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build-dir', required=True)
    ap.add_argument('--bench', required=True, help='fb-frame-bench')
    ap.add_argument('--ko', required=True, help='fbmmap.ko built for the guest kernel')
    ap.add_argument('--schema', default=os.path.join(SRC, 'benchmarks', 'frame_throughput',
                                                     'frame_bench.schema.json'))
    ap.add_argument('--kernel-version')
    ap.add_argument('--timeout', type=float, default=240)
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    t0 = time.monotonic()
    checks = Checks()
    os.makedirs(args.build_dir, exist_ok=True)

    kernel = qh.find_debian_kernel(args.kernel_version)
    vmlinux = qh.extract_vmlinux(kernel.image, os.path.join(os.path.abspath(args.build_dir),
                                                            'cache'))
    rd = qh.Initramfs()
    rd.add_busybox()
    rd.add_file('/fb-frame-bench', args.bench, 0o755)
    for guest_path, real in shared_libraries([args.bench]).items():
        rd.add_file(guest_path, real, 0o755)
    # Cairo's text needs a font: the one fontconfig finds on the host.
    for font in ('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
                 '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
                 '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'):
        if os.path.exists(font):
            rd.add_file(font, font, 0o644)
    rd.add_file('/fbmmap.ko', args.ko, 0o644)
    rd.add_init(BODY)
    initrd = rd.write(os.path.join(args.build_dir, 'initrd.gz'))
    append = 'console=ttyS0 loglevel=3 panic=-1 mitigations=off fbcon=map:1 memmap=16M$%s' \
        % REGION_BASE
    log_path = os.path.join(args.build_dir, 'console.log')
    with qh.QemuVM(vmlinux, initrd, append=append, memory=512, log_path=log_path,
                   echo=args.verbose) as vm:
        try:
            vm.wait_for(r'BENCH-ALL-DONE', args.timeout)
        except qh.HarnessError as e:
            checks.check('guest_ran', False, str(e))
        exited = vm.wait_exit(30)
        vm_time = vm.elapsed
        lines = list(vm.lines)
        trouble = vm.trouble()
    for tag, fmt, scenes, strategies, machine, paced in (
            ('xrgb8888', 'xrgb8888', bc.SCENES, bc.STRATEGIES, bc.MACHINE, False),
            ('paced', 'xrgb8888', ['sprite'], ['damage', 'flip2'], [], True),
            ('rgb565', 'rgb565', bc.SCENES, bc.STRATEGIES, bc.MACHINE, False)):
        status = qh.find_match(lines, r'BENCH-STATUS %s (\d+)' % tag)
        checks.check('%s_status' % tag, status and status.group(1) == '0',
                     'exit status %s' % (status.group(1) if status else 'missing'))
        doc = guest_json(lines, tag)
        if not checks.check('%s_json' % tag, doc is not None, 'the JSON came back whole'):
            continue
        check_run(checks, tag, doc, fmt, scenes, strategies, machine, paced, args.schema)
    checks.check_guest_end(exited, vm_time, trouble)
    return checks.report('guest_bench', vm_time, t0, log_path)


if __name__ == '__main__':
    exit_with(main, 'guest_bench')
