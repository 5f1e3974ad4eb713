#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Plays the demos on the emulated board: QEMU vexpress-a9 (Cortex-A9, TCG), fbmmap.ko driving
its PL111 LCD, the armhf demos on fbdev, each paced by the PL111's vblank interrupt for a few
seconds. Prints each demo's frame rate and frame-time percentiles as measured on the board
(the demo's --stats) and the driver's counters, and saves what the LCD showed (QMP screendumps,
mid-run and the last frame) as PNGs; one demo (--portrait) plays again on the LCD mounted as a
portrait screen (--rotate 90: drawn 600x1024, turned on its way into the PL111's memory). Then
fb-frame-bench measures the board's display
pipeline (every scene and strategy, unpaced, on the PL111's write-combined memory) and its
table, JSON and chart are saved as frame-bench.{txt,json,png}.

    board/vexpress-a9/play-demos.py [--build build/release] [--out out/board] [--seconds 4]
        [--demos sprites,plasma] [--bpp 32|16] [--portrait dashboard] [--bench-seconds 0.5]
        [--window] [-v]

The figures are emulated: QEMU's TCG translating ARM code on this x86 host, with no model of
caches or memory bandwidth. They say how this emulation runs, not how a real Cortex-A9 would.
--window shows the LCD in QEMU's own window (-display gtk) when $DISPLAY is set.
The artefacts come from the build (cmake --build BUILD builds the board kernel, fbmmap.ko and
the armhf rootfs with FB_KERNEL_TESTS=ON); the kernel/rootfs/module flags override them.
"""

import argparse
import base64
import binascii
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(SRC, 'tests', 'board'))

import board_harness as bh  # noqa: E402
from board_harness import qh  # noqa: E402


# fb-frame-bench on the board's LCD; its table, JSON and chart come back over the console.
# Its progress goes through a FIFO, not the console itself: a terminal would get one line
# rewritten in place, which the host reads as a single line.
BENCH = '''echo "BOARD-BENCH-START $(counters)"
rm -f /tmp/bench-progress; mkfifo /tmp/bench-progress
cat /tmp/bench-progress &
/usr/bin/fb-frame-bench --backend fbdev:/dev/$FB --seconds {seconds} --json /tmp/bench.json \\
  --chart /tmp/bench.png > /tmp/bench.txt 2> /tmp/bench-progress
status bench $?
wait
sed 's/^/BOARD-BENCH-TABLE /' /tmp/bench.txt
echo BOARD-BENCH-JSON-BEGIN; cat /tmp/bench.json; echo; echo BOARD-BENCH-JSON-END
echo BOARD-BENCH-PNG-BEGIN; base64 /tmp/bench.png; echo BOARD-BENCH-PNG-END'''


def between(lines, begin, end):
    """The console lines between two marker lines (the last such block), or None."""
    block = None
    for line in lines:
        if line.strip() == begin:
            block = []
        elif line.strip() == end and block is not None:
            return block
        elif block is not None:
            block.append(line)
    return None


def run_bench(vm, out):
    """Follows fb-frame-bench's progress on the board; returns its exit status line's match."""
    tty = sys.stdout.isatty()
    while True:
        m = vm.wait_for(r'fb-frame-bench: \[(\d+)/(\d+)\] (.*)|BOARD-STATUS bench (\d+)', 900)
        if m.group(4) is not None:
            if tty:
                print('\r\033[K', end='')
            break
        if tty:
            print('\r\033[Kboard: fb-frame-bench %s/%s %s' % m.group(1, 2, 3), end='', flush=True)
    vm.wait_for(r'^BOARD-BENCH-PNG-END', 120)
    return m.group(4)


def report_bench(status, lines, out):
    """Prints the board's bench table and saves it with its JSON and chart; True if it failed."""
    table = [l.split('BOARD-BENCH-TABLE ', 1)[1] for l in lines if 'BOARD-BENCH-TABLE ' in l]
    json_lines = between(lines, 'BOARD-BENCH-JSON-BEGIN', 'BOARD-BENCH-JSON-END')
    png_lines = between(lines, 'BOARD-BENCH-PNG-BEGIN', 'BOARD-BENCH-PNG-END')
    print('\nfb-frame-bench on the board (emulated: the ratios between cells are what this '
          'emulation does, not a Cortex-A9):')
    print('\n'.join(table))
    saved = []
    with open(os.path.join(out, 'frame-bench.txt'), 'w') as f:
        f.write('\n'.join(table) + '\n')
    saved.append('frame-bench.txt')
    if json_lines:
        with open(os.path.join(out, 'frame-bench.json'), 'w') as f:
            f.write('\n'.join(json_lines).strip() + '\n')
        saved.append('frame-bench.json')
    if png_lines:
        try:
            data = base64.b64decode(''.join(l.strip() for l in png_lines), validate=True)
            with open(os.path.join(out, 'frame-bench.png'), 'wb') as f:
                f.write(data)
            saved.append('frame-bench.png')
        except (ValueError, binascii.Error) as e:
            print('play-demos: the chart came back damaged: %s' % e)
    print('fb-frame-bench on the board: %s in %s' % (', '.join(saved), out))
    ok = status == '0' and len(saved) == 3
    if not ok:
        print('play-demos: fb-frame-bench on the board exited with status %s' % status)
    return not ok


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(SRC, 'build', 'release'),
                    help='the CMake build holding tests/board/ (default build/release)')
    ap.add_argument('--out', default=os.path.join(SRC, 'out', 'board'),
                    help='where the PNGs and the console log go (default out/board)')
    ap.add_argument('--seconds', type=float, default=4, help='play time per demo (default 4)')
    ap.add_argument('--demos', default=','.join(bh.DEMOS), help='comma-separated demo names')
    ap.add_argument('--bpp', type=int, choices=[32, 16], default=32)
    ap.add_argument('--portrait', default='dashboard',
                    help='also play this demo on the LCD mounted as a portrait screen '
                         '(--rotate 90), saved as DEMO-rotate90 (default dashboard; empty: none)')
    ap.add_argument('--bench-seconds', type=float, default=0.5,
                    help='fb-frame-bench\'s time per cell on the board (default 0.5; 0: no bench)')
    ap.add_argument('--window', action='store_true',
                    help='show the LCD in a QEMU window (needs $DISPLAY)')
    ap.add_argument('-v', '--verbose', action='store_true', help='echo the guest console')
    bh.BoardFiles.add_arguments(ap)
    args = ap.parse_args()
    demos = [d for d in args.demos.split(',') if d]
    unknown = [d for d in demos + ([args.portrait] if args.portrait else []) if d not in bh.DEMOS]
    if unknown or not demos:
        ap.error('unknown demo(s) %s; the demos are %s' % (', '.join(unknown) or '(none)',
                                                           ', '.join(bh.DEMOS)))
    if not args.seconds > 0:
        ap.error('--seconds wants a positive number')
    if not args.bench_seconds >= 0:
        ap.error('--bench-seconds wants 0 (no bench) or a positive number')

    board_build = os.path.join(os.path.abspath(args.build), 'tests', 'board')
    if not args.kernel_dir and not args.kernel_dir_file:
        args.kernel_dir_file = os.path.join(board_build, 'kernel-dir.txt')
    if not args.rootfs and not args.rootfs_file:
        args.rootfs_file = os.path.join(board_build, 'rootfs-dir.txt')
    args.ko = args.ko or os.path.join(board_build, 'module', 'fbmmap.ko')
    files = bh.BoardFiles.from_args(args)
    files.require('rootfs', 'ko', 'busybox')

    display = 'none'
    if args.window:
        if os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY'):
            display = 'gtk'
            print('play-demos: the LCD shows in QEMU\'s window (-display gtk)', flush=True)
        else:
            print('play-demos: --window: no $DISPLAY here, playing without a window')

    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    work = os.path.join(out, '.work')
    os.makedirs(work, exist_ok=True)
    # Three buffers: the demos flip between two of them, the bench measures triple buffering.
    body = ['insmod /fbmmap.ko bpp=%d buffers=3' % args.bpp, 'status insmod $?', 'find_fb']
    # Each run: its name (in the markers and the PNGs), the demo, extra flags.
    runs = [(demo, demo, '') for demo in demos]
    if args.portrait:
        runs.append(('%s-rotate90' % args.portrait, args.portrait, ' --rotate 90'))
    for name, demo, flags in runs:
        body.append('play_demo %s /usr/bin/fbdemo-%s --backend fbdev:/dev/$FB --seconds %g '
                    '--input none --stats --hold%s' % (name, demo, args.seconds, flags))
    if args.bench_seconds > 0:
        body.append(BENCH.format(seconds=args.bench_seconds))
    initrd = bh.build_initramfs(files, '\n'.join(body), os.path.join(work, 'initrd.gz'))
    log_path = os.path.join(out, 'console.log')

    t0 = time.monotonic()
    results = {}
    saved = []
    vm = bh.boot(files, initrd, log_path=log_path, echo=args.verbose, display=display)
    with vm:
        fb = vm.wait_for(r'BOARD-FB (\S+) (\S+) (\S+)', 120)
        if fb.group(1) == 'none':
            raise qh.HarnessError('no framebuffer on %s: %s (console log %s)'
                                  % (bh.CLCD_DEVICE, fb.group(0), log_path))
        print('board: %s on %s, back end %s; booted in %.1f s'
              % (fb.group(1), os.path.basename(fb.group(2)), fb.group(3), vm.elapsed),
              flush=True)
        for demo, _, _ in runs:
            vm.wait_for(r'BOARD-START %s ' % demo, 120)
            # One look at the LCD half way through the run, while it animates.
            time.sleep(args.seconds / 2)
            mid = os.path.join(work, '%s-mid.ppm' % demo)
            vm.screendump(mid)
            vm.wait_for(r'BOARD-HOLD %s ' % demo, 60 + 20 * args.seconds)
            last = os.path.join(work, '%s.ppm' % demo)
            vm.screendump(last)
            vm.send('\n')
            end = vm.wait_for(r'BOARD-END %s (\d+)' % demo, 60)
            for ppm, name in ((mid, '%s-mid.png' % demo), (last, '%s.png' % demo)):
                saved.append(bh.ppm_to_png(ppm, os.path.join(out, name)))
                os.remove(ppm)
            results[demo] = end.group(1)
        bench = run_bench(vm, out) if args.bench_seconds > 0 else None
        exited = bh.finish(vm, 60)
        lines = list(vm.lines)
        trouble = vm.trouble()

    print('\nOn the emulated board (QEMU vexpress-a9, TCG on this host; emulated figures, not '
          'a real Cortex-A9\'s):')
    failed = False
    for demo, _, _ in runs:
        out_lines = [l.split('BOARD-OUT %s ' % demo, 1)[1] for l in lines
                     if 'BOARD-OUT %s ' % demo in l]
        fps = next((l for l in out_lines if l.startswith('fps: ')), 'fps: ?')
        frames = next((l for l in out_lines if l.startswith('frames: ')), 'frames: ?')
        times = next((l for l in out_lines if l.startswith('frame time: ')), 'frame time: ?')
        start = bh.parse_counters(next((l for l in lines if 'BOARD-START %s ' % demo in l), ''))
        end = bh.parse_counters(next((l for l in lines if 'BOARD-END %s ' % demo in l), ''))
        counters = ''
        if start and end:
            counters = '; driver: %d flips, %d vblanks, %d missed' % (
                end['flip'] - start['flip'], end['vblank'] - start['vblank'],
                end['missed'] - start['missed'])
        print('  %-10s %s, %s, %s%s' % (demo, fps, frames, times, counters))
        if results.get(demo) != '0':
            failed = True
            print('  %-10s exited with status %s:\n    %s' % (demo, results.get(demo),
                                                            '\n    '.join(out_lines[-5:])))
    print('LCD screendumps: %s (%s ... %s)' % (out, os.path.basename(saved[0]),
                                               os.path.basename(saved[-1])))
    if bench is not None:
        failed = report_bench(bench, lines, out) or failed
    if trouble:
        failed = True
        print('kernel trouble on the console: %s (log %s)' % (trouble[0], log_path))
    if not exited:
        failed = True
        print('QEMU did not exit by itself (log %s)' % log_path)
    print('board part: %.1f s wall' % (time.monotonic() - t0))
    if not failed:
        shutil.rmtree(work, ignore_errors=True)   # the initramfs and boot DTB; kept on failure
    return 1 if failed else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except qh.HarnessError as e:
        print('play-demos: %s' % e)
        sys.exit(1)
