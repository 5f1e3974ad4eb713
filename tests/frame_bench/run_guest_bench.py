#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""fb-frame-bench on real mappings: fbmmap.ko and a DRM driver in QEMU guests.

    python3 tests/frame_bench/run_guest_bench.py --build-dir DIR --bench fb-frame-bench \\
        --ko fbmmap.ko [--guests fbmmap,drm_bochs] [--kernel-version V] [-v]

Each guest (Debian's kernel, a busybox initramfs with fb-frame-bench and its libraries) runs
short benches of every scene and strategy: fbmmap: fbmmap.ko's virtual back end with three
1024x600 buffers on /dev/fb0, at 32 bpp, once paced at the display's rate, then reloaded at
16 bpp (RGB565); drm_bochs: the bochs-display DRM driver (page flips that complete at once, no
vblank), unpaced and paced, and RGB565, which bochs cannot scan out: refused with exit 1 and
the reason. The JSON of each run comes back over the console; the host checks it: the schema's
shape, the display the bench saw, every cell measured (figures > 0) except the ones the format
rules out, named with their reason, and missed frames counted only when paced. Figures are
never compared: no speed is asserted. Prints one line per check; exits 0 only if all passed.
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

RUN = '''/fb-frame-bench --backend {backend} --seconds 0.05 --quiet --json /tmp/{tag}.json \
{extra} > /tmp/{tag}.log 2>&1
echo BENCH-STATUS {tag} $?
while read -r line; do echo "BENCH-LOG {tag} $line"; done < /tmp/{tag}.log
echo BENCH-JSON-BEGIN {tag}
cat /tmp/{tag}.json 2>/dev/null
echo
echo BENCH-JSON-END {tag}'''

WAIT = '''i=0; while [ ! -e {node} ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done'''
FBMMAP = 'fbdev:/dev/fb0'
DRM = 'drm:/dev/dri/card0'

FBMMAP_BODY = '\n'.join([
    'insmod /fbmmap.ko width=1024 height=600 bpp=32 buffers=3 refresh_hz=60 '
    'mem_base={b} mem_size={s}'.format(b=REGION_BASE, s=REGION_SIZE),
    WAIT.format(node='/dev/fb0'),
    RUN.format(backend=FBMMAP, tag='fbmmap', extra=''),
    RUN.format(backend=FBMMAP, tag='fbmmap_paced',
               extra='--fps display --scenes sprite --strategies damage,flip2,flip3'),
    'rmmod fbmmap',
    'insmod /fbmmap.ko width=1024 height=600 bpp=16 buffers=3 refresh_hz=60 '
    'mem_base={b} mem_size={s}'.format(b=REGION_BASE, s=REGION_SIZE),
    WAIT.format(node='/dev/fb0'),
    RUN.format(backend=FBMMAP, tag='fbmmap565', extra=''),
    'echo BENCH-ALL-DONE',
])

DRM_BODY = '\n'.join([
    WAIT.format(node='/dev/dri/card0'),
    RUN.format(backend=DRM, tag='drm', extra='--size 1024x600'),
    RUN.format(backend=DRM, tag='drm_paced',
               extra='--size 1024x600 --fps display --scenes sprite --strategies damage,flip3'),
    # bochs scans out XRGB8888 only: every strategy's display is refused, named, exit 1.
    RUN.format(backend=DRM, tag='drm565', extra='--size 1024x600 --format rgb565'),
    'echo BENCH-ALL-DONE',
])

# name: kernel modules, /init body, QEMU devices, kernel command line extra, the runs:
# (tag, format, scenes, strategies, machine baselines, paced, expected display fields)
GUESTS = {
    'fbmmap': dict(
        modules=[], body=FBMMAP_BODY, device=[],
        append=' fbcon=map:1 memmap=16M$%s' % REGION_BASE,
        runs=[('fbmmap', 'xrgb8888', bc.SCENES, bc.STRATEGIES, bc.MACHINE, False),
              ('fbmmap_paced', 'xrgb8888', ['sprite'], ['damage', 'flip2', 'flip3'], [], True),
              ('fbmmap565', 'rgb565', bc.SCENES, bc.STRATEGIES, bc.MACHINE, False)],
        display=dict(backend='fbdev', driver='fbmmap', width=1024, height=600,
                     write_combined=True, has_vblank=True)),
    'drm_bochs': dict(
        modules=['bochs'], body=DRM_BODY,
        device=['-device', 'bochs-display,xres=1024,yres=600'], append='',
        runs=[('drm', 'xrgb8888', bc.SCENES, bc.STRATEGIES, bc.MACHINE, False),
              ('drm_paced', 'xrgb8888', ['sprite'], ['damage', 'flip3'], [], True)],
        refused=[('drm565', 'does not scan out rgb565')],
        display=dict(backend='drm', driver='bochs-drm', width=1024, height=600,
                     has_vblank=False)),
}


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


def check_run(checks, tag, doc, fmt, scenes, strategies, machine, paced, schema_path, display):
    problem = bc.schema_problem(doc, schema_path)
    checks.check('%s_schema' % tag, problem is None, problem or 'valid')
    wrong = bc.display_problems(doc, format=fmt, **display)
    checks.check('%s_display' % tag, not wrong, '; '.join(wrong) or
                 '%s %s 1024x600 %s' % (display['backend'], display['driver'], fmt))
    problems = bc.cell_problems(doc, fmt, scenes, strategies, machine, paced)
    checks.check('%s_cells' % tag, not problems,
                 '; '.join(problems[:4]) or '%d cells, each measured on the mapping'
                 % len(doc['cells']))


def run_guest(args, kernel, vmlinux, name, guest, checks):
    """Boots one guest, runs its benches and checks what came back. Returns the QEMU time."""
    work = os.path.join(args.build_dir, name)
    os.makedirs(work, exist_ok=True)
    rd = qh.Initramfs()
    rd.add_busybox()
    rd.add_file('/fb-frame-bench', args.bench, 0o755)
    for guest_path, real in shared_libraries([args.bench]).items():
        rd.add_file(guest_path, real, 0o755)
    # Cairo's text needs a font: the ones fontconfig finds on the host.
    for font in ('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
                 '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
                 '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'):
        if os.path.exists(font):
            rd.add_file(font, font, 0o644)
    loads = []
    for module in guest['modules']:
        for guest_path in rd.add_kernel_module(kernel, module):
            if guest_path not in loads:
                loads.append(guest_path)
    if name == 'fbmmap':
        rd.add_file('/fbmmap.ko', args.ko, 0o644)
    rd.add_init('\n'.join(['insmod %s 2>/dev/null' % p for p in loads] + [guest['body']]))
    initrd = rd.write(os.path.join(work, 'initrd.gz'))
    append = 'console=ttyS0 loglevel=3 panic=-1 mitigations=off' + guest['append']
    log_path = os.path.join(work, 'console.log')
    with qh.QemuVM(vmlinux, initrd, append=append, memory=512, log_path=log_path,
                   extra_args=guest['device'], echo=args.verbose) as vm:
        try:
            vm.wait_for(r'BENCH-ALL-DONE', args.timeout)
        except qh.HarnessError as e:
            checks.check('%s_guest_ran' % name, False, str(e))
        exited = vm.wait_exit(30)
        vm_time = vm.elapsed
        lines = list(vm.lines)
        trouble = vm.trouble()
    for tag, fmt, scenes, strategies, machine, paced in guest['runs']:
        status = qh.find_match(lines, r'BENCH-STATUS %s (\d+)' % tag)
        checks.check('%s_status' % tag, status and status.group(1) == '0',
                     'exit status %s' % (status.group(1) if status else 'missing'))
        doc = guest_json(lines, tag)
        if not checks.check('%s_json' % tag, doc is not None, 'the JSON came back whole'):
            continue
        check_run(checks, tag, doc, fmt, scenes, strategies, machine, paced, args.schema,
                  guest['display'])
    for tag, words in guest.get('refused', []):
        status = qh.find_match(lines, r'BENCH-STATUS %s (\d+)' % tag)
        said = [l for l in lines if l.startswith('BENCH-LOG %s ' % tag)]
        checks.check('%s_refused' % tag, status and status.group(1) == '1' and
                     any(words in l for l in said),
                     'exit %s: %s' % (status.group(1) if status else 'missing',
                                      said[-1][len('BENCH-LOG %s ' % tag):] if said else
                                      'nothing said'))
    checks.check('%s_guest_finished' % name, exited, 'QEMU %s after %.1f s'
                 % ('exited' if exited else 'killed', vm_time))
    checks.check('%s_console_clean' % name, not trouble,
                 trouble[0] if trouble else 'no WARN/BUG/oops')
    return vm_time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build-dir', required=True)
    ap.add_argument('--bench', required=True, help='fb-frame-bench')
    ap.add_argument('--ko', required=True, help='fbmmap.ko built for the guest kernel')
    ap.add_argument('--schema', default=os.path.join(SRC, 'benchmarks', 'frame_throughput',
                                                     'frame_bench.schema.json'))
    ap.add_argument('--kernel-version')
    ap.add_argument('--guests', default=','.join(GUESTS), help='comma-separated: %s'
                    % ', '.join(GUESTS))
    ap.add_argument('--timeout', type=float, default=240)
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    t0 = time.monotonic()
    checks = Checks()
    os.makedirs(args.build_dir, exist_ok=True)
    kernel = qh.find_debian_kernel(args.kernel_version)
    vmlinux = qh.extract_vmlinux(kernel.image, os.path.join(os.path.abspath(args.build_dir),
                                                            'cache'))
    vm_time = 0
    for name in args.guests.split(','):
        if name not in GUESTS:
            ap.error('no guest %r; guests: %s' % (name, ', '.join(GUESTS)))
        vm_time += run_guest(args, kernel, vmlinux, name, GUESTS[name], checks)
    return checks.report('guest_bench', vm_time, t0, os.path.join(args.build_dir, '*',
                                                                   'console.log'))


if __name__ == '__main__':
    exit_with(main, 'guest_bench')
