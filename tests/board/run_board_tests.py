#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Board tests: fbmmap.ko drives the PL111 LCD of QEMU's vexpress-a9 (Cortex-A9), booted with
the board kernel (board/vexpress-a9/build-kernel.sh) and the armhf user space.

    python3 tests/board/run_board_tests.py --run demos --bpp 32|16 --host-build build/release
    python3 tests/board/run_board_tests.py --run workers --host-build build/release
    python3 tests/board/run_board_tests.py --run kernel --memory cma|region
    python3 tests/board/run_board_tests.py --run input --host-build build/release
      [--kernel-dir DIR | --kernel-dir-file F] [--rootfs DIR | --rootfs-file F] --ko fbmmap.ko
      [--derived-dtb X.dtb] [--fbtest fbtest] [--pte-ko pte_memtype.ko] [--build-dir DIR] [-v]

demos   insmod fbmmap.ko bpp=32 (or 16), fb-info on the core-tile PL111's framebuffer, then
        each demo on fbdev with --frames N (fixed 1/60 s steps) and --pause-at: at each pause
        the host takes a QMP screendump and compares it pixel for pixel with the same frame
        rendered headless on this host (dashboard and ticker by the board's armhf build under
        qemu-arm: ARMHF_REFERENCE_DEMOS; at 16 bpp rendered in RGB565 and expanded the way QEMU's
        PL111 model expands it), retrying for up to 2 s; and reads the driver's counters around
        it: one flip per presented frame, none while paused, vblank interrupts counted while
        paused, no missed flips, the scanout offset at the buffer the demo drew last.
kernel  the in-guest kernel checks (tests/kernel/fbtest.c --board) in one memory
        configuration: cma (stock DTB, dma_alloc_wc from CMA) or region (the derived DTB: the
        device-tree shared-dma-pool as the PL111's memory-region); every expected check must
        PASS.
workers the board booted with both Cortex-A9 cores (-smp 2): plasma and sprites with
        --workers 2, checked as demos are; and the repaints were shared out between the two.
input   QEMU's PL050 mouse, driven with QMP input-send-event, drags a card of fbdemo-drag
        through psmouse and evdev; the card ends where the same drag replayed headless puts it
        (the demo's report line and the screendump, pixel for pixel).
Every run: QEMU exits by itself, and the console shows no WARN/BUG/oops, lockdep report,
DMA-API report or sleeping-in-atomic report (qemu_harness.KERNEL_TROUBLE).
Prints one line per check and exits 0 only if all passed.
"""

import argparse
import os
import re
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import board_harness as bh  # noqa: E402
from board_harness import qh  # noqa: E402

# The in-guest kernel checks `fbtest --board` must report, PASS each, in both memory
# configurations (names as fbtest prints them; its _dma-suffixed x86 fallback pass and
# fbcon_draws do not apply on the board). Keep in step with tests/kernel/fbtest.c: a check
# fbtest reports that is not listed here still counts, and a listed one it does not report fails.
BOARD_KERNEL_CHECKS = [
    'load', 'module_params', 'var_info', 'fix_info', 'buffers', 'memory_source',
    'mmap_write_read', 'write_mmap_read', 'mmap_offset', 'mmap_past_end',
    'mmap_bad_offset', 'mmap_private', 'read_write_end', 'mapping_memtype', 'pan_vsync',
    'vsync_rate', 'missed_flips', 'vsync_bad_args', 'vblank_count', 'put_vscreeninfo_bad',
    'put_vscreeninfo_good', 'pan_bad', 'unknown_ioctl', 'vsync_timeout', 'blank_unblank',
    'ioctl_fuzz', 'open_mmap_cycles', 'unbind_while_mapped', 'rebind', 'rebind_while_mapped',
    'rmmod_while_mapped', 'dmesg_clean',
]

# Frames each demo runs on the board and the frames the host checks: the first two fill both
# buffers from scratch (age 0); the later ones repaint only the damage of the last two frames
# (where a demo's damage is partial) into a buffer two frames old.
DEMO_FRAMES = {
    'sprites': (8, [1, 2, 8]),
    'dashboard': (8, [1, 2, 8]),
    'plasma': (4, [1, 2, 4]),
    'ticker': (8, [1, 2, 8]),
    'drag': (3, [1, 3]),
}

# Demos whose LCD frames are compared with the board's own armhf build rendering them headless
# (under qemu-arm on this host), not with the host's x86 build: they draw text with
# cairo_show_text, and Debian 12's FreeType renders some glyph edges one or two levels apart on
# armhf and x86-64 (dashboard 3-8 pixels, ticker 29-60 of a frame; the same with libfb's scalar
# kernels and pixman's generic code, and in a FreeType-only program). The display path is
# checked just as exactly; the ARM fast paths against the x86 reference are checked by the
# other demos, which draw the same on both.
ARMHF_REFERENCE_DEMOS = ('dashboard', 'ticker')

# The drag on the PL050 mouse: pressed where the pointer starts (the middle of the screen, over
# card 2), moved in steps, released. Deltas in mouse counts (psmouse passes them through).
DRAG_STEPS = [(40, 20), (60, 30), (50, 25), (50, 25)]
DRAG_FRAMES = 90          # the demo keeps running while the events arrive
DRAG_INJECT_AT = 2        # pause at which the host moves the mouse
FBTEST_TIMEOUT = 240


def guest_lines(lines, prefix):
    return [l[l.index(prefix):] for l in lines if prefix in l]


# --- demos -----------------------------------------------------------------------------------

# The worker-thread run: the board booted with both Cortex-A9 cores, these demos composing with
# two workers (plasma changes the whole screen every frame; sprites' first frames are full).
WORKER_DEMOS = {d: DEMO_FRAMES[d] for d in ('plasma', 'sprites')}
WORKERS = 2


def demos_body(bpp, files, demos=None, workers=1):
    steps = ['insmod /fbmmap.ko bpp=%d' % bpp, 'status insmod $?', 'find_fb', 'status find_fb $?',
             '/usr/bin/fb-info --backend fbdev:/dev/$FB > /tmp/info 2>&1',
             'status fb-info $?',
             'while IFS= read -r l; do echo "BOARD-INFO $l"; done < /tmp/info',
             'echo "BOARD-CPUS $(grep -c ^processor /proc/cpuinfo)"']
    for demo, (frames, pauses) in (demos or DEMO_FRAMES).items():
        steps.append('run_demo %s /usr/bin/fbdemo-%s --backend fbdev:/dev/$FB --frames %d '
                     '--pause-at %s --input none --stats --workers %d'
                     % (demo, demo, frames, ','.join(map(str, pauses)), workers))
    steps.append('rmmod fbmmap')
    steps.append('status rmmod $?')
    return '\n'.join(steps)


def check_counters(checks, tag, lines, pauses, frame_bytes):
    """The driver's counters around the pauses of one demo run."""
    start = qh.find_match(lines, r'BOARD-START %s (.*)' % tag)
    end = qh.find_match(lines, r'BOARD-END %s (\d+) (.*)' % tag)
    paused = {}
    resumed = {}
    for frame in pauses:
        p = qh.find_match(lines, r'BOARD-PAUSE %s %d (.*)' % (tag, frame))
        r = qh.find_match(lines, r'BOARD-RESUME %s %d (.*)' % (tag, frame))
        if p and r:
            paused[frame] = bh.parse_counters(p.group(1))
            resumed[frame] = bh.parse_counters(r.group(1))
    backend = qh.find_match(lines, r'BOARD-OUT %s backend: (\S+) (\d+)x(\d+) (\S+), (\d+) buffer'
                        r'\(s\)(, vsync)?' % tag)
    checks.check('%s_status' % tag, end and end.group(1) == '0',
                 'exit status %s' % (end.group(1) if end else 'missing'))
    checks.check('%s_has_vblank' % tag, backend and backend.group(6),
                 backend.group(0).split(' ', 3)[3] if backend else 'no backend line from --stats')
    if not (start and end and backend and len(paused) == len(pauses)):
        checks.check('%s_counters' % tag, False, 'counters missing (start %s, end %s, %d/%d '
                     'pauses)' % (bool(start), bool(end), len(paused), len(pauses)))
        return
    buffers = int(backend.group(5))
    first = bh.parse_counters(start.group(1))
    last = bh.parse_counters(end.group(2))
    flips = []
    before, before_frame = first, 0
    for frame in pauses:
        flips.append('%d->%d: %d' % (before_frame, frame, paused[frame]['flip'] - before['flip']))
        before, before_frame = resumed[frame], frame
    want = ['%d->%d: %d' % (a, b, b - a) for a, b in zip([0] + pauses, pauses)]
    checks.check('%s_one_flip_per_frame' % tag, flips == want,
                 'flip_count steps %s, expected %s' % (', '.join(flips), ', '.join(want)))
    idle = [(f, resumed[f]['flip'] - paused[f]['flip'], resumed[f]['vblank'] - paused[f]['vblank'])
            for f in pauses]
    checks.check('%s_vblank_while_paused' % tag,
                 all(df == 0 and dv > 0 for _, df, dv in idle),
                 'while paused at frame: ' + ', '.join('%d: %d flips, %d vblanks' % i
                                                        for i in idle))
    steps = []
    before, before_frame = first, 0
    for frame in pauses:
        steps.append((before_frame, frame, paused[frame]['vblank'] - before['vblank']))
        before, before_frame = resumed[frame], frame
    checks.check('%s_vblank_per_frame' % tag, all(dv >= b - a for a, b, dv in steps),
                 'vblanks %s (at least one per frame)'
                 % ', '.join('%d->%d: %d' % s for s in steps))
    checks.check('%s_no_missed_flips' % tag, last['missed'] == first['missed'],
                 'missed_flips %d -> %d' % (first['missed'], last['missed']))
    shown = ['%d: %d' % (f, paused[f]['scanout']) for f in pauses]
    want_shown = ['%d: %d' % (f, (f % buffers) * frame_bytes) for f in pauses]
    checks.check('%s_scanout_last_drawn' % tag, shown == want_shown,
                 'scanout_offset at frame %s, expected %s (%d buffers: frame N is drawn into '
                 'buffer N mod %d)' % (', '.join(shown), ', '.join(want_shown), buffers, buffers))


def run_demos(args, files, checks, run_dir, demos=None, workers=1):
    """The demos (default all of DEMO_FRAMES) on the LCD; with workers > 1 on a board with as
    many cores, each demo composing with that many threads."""
    demos = demos or DEMO_FRAMES
    files.require('rootfs', 'ko')
    pixel_format = 'xrgb8888' if args.bpp == 32 else 'rgb565'
    frame_bytes = bh.WIDTH * bh.HEIGHT * args.bpp // 8
    refs = bh.References(args.host_build, os.path.join(run_dir, 'reference'), pixel_format,
                         {d: p for d, (_, p) in demos.items()},
                         armhf={d: files.rootfs for d in ARMHF_REFERENCE_DEMOS if d in demos})
    initrd = bh.build_initramfs(files, demos_body(args.bpp, files, demos, workers),
                                os.path.join(run_dir, 'initrd.gz'))
    log_path = os.path.join(run_dir, 'console.log')
    vm = bh.boot(files, initrd, log_path=log_path, echo=args.verbose, cpus=workers)
    exited = False
    mismatches = []
    try:
        with vm:
            try:
                for demo, (frames, pauses) in demos.items():
                    tag = '%s%d' % (demo, args.bpp)
                    for frame in pauses:
                        vm.wait_for(r'BOARD-PAUSE %s %d ' % (demo, frame), args.timeout)
                        bh.dump_and_compare(vm, run_dir, tag, frame, refs.get(demo, frame),
                                            checks)
                        vm.send('\n')
                        if not checks.results[-1][1]:
                            mismatches.append((demo, tag, frame))
                exited = bh.finish(vm, args.timeout)
            except qh.HarnessError as e:
                checks.check('guest_progress', False, '%s (console log %s)' % (e, log_path))
            lines = list(vm.lines)
            bh.check_end(checks, vm, exited)
            vm_time = vm.elapsed
    finally:
        refs.close()

    for demo, tag, frame in mismatches:
        # Not a check: where a difference to the x86 reference comes from.
        note = bh.explain_mismatch(files.rootfs, demo, frame, pixel_format,
                                   os.path.join(run_dir, 'mismatch-%s-%d-screen.ppm'
                                                % (tag, frame)), run_dir)
        if note:
            print('note: %s_frame%d: %s' % (tag, frame, note), flush=True)
    for step in ('insmod', 'find_fb', 'fb-info', 'rmmod'):
        m = qh.find_match(lines, r'BOARD-STATUS %s (\d+)' % step)
        checks.check('%s_status' % step.replace('-', '_'), m and m.group(1) == '0',
                     'exit status %s' % (m.group(1) if m else 'missing'))
    fb = qh.find_match(lines, r'BOARD-FB (\S+) (\S+) (\S+)')
    checks.check('fb_on_core_tile_pl111', fb and fb.group(2).endswith('/' + bh.CLCD_DEVICE)
                 and fb.group(3) == 'pl111', fb.group(0) if fb else 'no BOARD-FB line')
    info = {l.split(':', 1)[0].strip(): l.split(':', 1)[1].strip()
            for l in (x[len('BOARD-INFO '):] for x in guest_lines(lines, 'BOARD-INFO '))
            if ':' in l}
    want_info = {'backend': 'fbdev', 'size': '%dx%d' % (bh.WIDTH, bh.HEIGHT),
                 'format': pixel_format, 'stride': '%d bytes' % (bh.WIDTH * args.bpp // 8),
                 'vblank': 'yes'}
    bad = ['%s %r (want %r)' % (k, info.get(k), v) for k, v in want_info.items()
           if info.get(k) != v]
    buffers = info.get('buffers', '0')
    checks.check('fb_info_reports_pl111', not bad and buffers.isdigit() and int(buffers) >= 2,
                 '; '.join(bad) or ', '.join('%s %s' % kv for kv in sorted(info.items())))
    for demo, (frames, pauses) in demos.items():
        demo_lines = [l for l in lines if ' %s ' % demo in l]
        check_counters(checks, demo, demo_lines, pauses, frame_bytes)
    if workers > 1:
        cpus = qh.find_match(lines, r'BOARD-CPUS (\d+)')
        checks.check('board_has_%d_cpus' % workers, cpus and int(cpus.group(1)) == workers,
                     '%s processors online' % (cpus.group(1) if cpus else 'no BOARD-CPUS line:'))
        for demo, (frames, _) in demos.items():
            # Every frame of the demo is on the LCD and equal to its headless reference (checked
            # above); here: the repaints really were shared out among the workers.
            shared = qh.find_match(lines, r'BOARD-OUT %s workers: (\d+), (\d+) of (\d+) frames '
                                   r'shared out' % demo)
            checks.check('%s_frames_shared_by_%d_workers' % (demo, workers),
                         shared and int(shared.group(1)) == workers and int(shared.group(2)) > 0,
                         shared.group(0).split(' ', 2)[2] if shared else 'no workers line')
    return vm_time


# --- kernel checks ---------------------------------------------------------------------------

def run_kernel(args, files, checks, run_dir):
    files.require('ko', 'fbtest', 'busybox', 'pte_ko')
    region = args.memory == 'region'
    if region:
        files.require('derived_dtb')
    pool = ' --pool %s %s' % bh.VRAM_POOL if region else ''
    memtype = ' --memtype /pte_memtype.ko' if files.pte_ko else ''
    body = '\n'.join([
        'echo BOARD-FBTEST-START',
        '/fbtest%s --board %s%s /fbmmap.ko' % (memtype, bh.CLCD_DEVICE, pool),
        'status fbtest $?'])
    initrd = bh.build_initramfs(files, body, os.path.join(run_dir, 'initrd.gz'),
                                with_rootfs=False)
    log_path = os.path.join(run_dir, 'console.log')
    vm = bh.boot(files, initrd, dtb=files.derived_dtb if region else None, log_path=log_path,
                 echo=args.verbose)
    with vm:
        exited = bh.finish(vm, FBTEST_TIMEOUT)
        lines = list(vm.lines)
        bh.check_end(checks, vm, exited)
        vm_time = vm.elapsed

    results = {}
    done = None
    for line in lines:
        idx = line.find('FBTEST ')
        if idx >= 0:
            parts = line[idx:].split(' ', 3)
            if len(parts) >= 3 and parts[2] in ('PASS', 'FAIL'):
                name = parts[1]
                ok = parts[2] == 'PASS' and name not in results
                results[name] = (ok, parts[3] if len(parts) > 3 else '')
        m = re.search(r'FBTEST-DONE (\d+)', line)
        if m:
            done = int(m.group(1))
    status = qh.find_match(lines, r'BOARD-STATUS fbtest (\d+)')
    checks.check('fbtest_finished', done is not None and status and status.group(1) == '0',
                 'FBTEST-DONE %s, exit status %s' % (done if done is not None else 'missing',
                                                     status.group(1) if status else 'missing'))
    for name in BOARD_KERNEL_CHECKS:
        ok, detail = results.get(name, (False, 'no verdict from the guest'))
        checks.check('%s_%s' % (args.memory, name), ok, detail)
    extra = [n for n in results if n not in BOARD_KERNEL_CHECKS]
    for name in extra:  # checks fbtest added since the list was written: they count too
        ok, detail = results[name]
        checks.check('%s_%s' % (args.memory, name), ok, detail + ' (not in BOARD_KERNEL_CHECKS)')
    return vm_time


# --- input -----------------------------------------------------------------------------------

DRAG_EVEMU_HEADER = '''# EVEMU 1.3
# The PL050 mouse drag of the board input test, as a relative mouse with a left button
# (EV_KEY bits 8 codes a byte: BTN_LEFT, 0x110, is bit 0 of byte 34).
N: board test mouse
I: 0011 0002 0001 0000
P: 00 00 00 00 00 00 00 00
B: 00 07 00 00 00 00 00 00 00
B: 01 00 00 00 00 00 00 00 00
B: 01 00 00 00 00 00 00 00 00
B: 01 00 00 00 00 00 00 00 00
B: 01 00 00 00 00 00 00 00 00
B: 01 00 00 01 00 00 00 00 00
B: 02 03 00 00 00 00 00 00 00
'''


def drag_recording(path, start_s):
    """The same drag as evemu text: press, the moves, release (one SYN_REPORT each, as the
    PS/2 packets give), at animation time start_s."""
    lines = [DRAG_EVEMU_HEADER]
    t = start_s

    def event(kind, code, value):
        lines.append('E: %.6f %04x %04x %d\n' % (t, kind, code, value))

    event(0x01, 0x110, 1)    # BTN_LEFT down
    event(0x00, 0x00, 0)
    for dx, dy in DRAG_STEPS:
        t += 0.001
        event(0x02, 0x00, dx)   # REL_X
        event(0x02, 0x01, dy)   # REL_Y
        event(0x00, 0x00, 0)
    t += 0.001
    event(0x01, 0x110, 0)
    event(0x00, 0x00, 0)
    with open(path, 'w') as f:
        f.write(''.join(lines))
    return path


def run_input(args, files, checks, run_dir):
    files.require('rootfs', 'ko')
    body = '\n'.join([
        'insmod /fbmmap.ko', 'status insmod $?', 'find_fb',
        'for d in /sys/class/input/event*; do echo "BOARD-INPUT ${d##*/} '
        '$(readlink -f $d/device) rel=$(cat $d/device/capabilities/rel) $(cat $d/device/name)"; '
        'done',
        'run_demo drag /usr/bin/fbdemo-drag --backend fbdev:/dev/$FB --frames %d --pause-at %d,%d'
        % (DRAG_FRAMES, DRAG_INJECT_AT, DRAG_FRAMES)])
    recording = drag_recording(os.path.join(run_dir, 'drag.evemu'), 0.1)
    refs = bh.References(args.host_build, os.path.join(run_dir, 'reference'), 'xrgb8888',
                         {'drag': [DRAG_FRAMES]}, extra={'drag': ['--input', recording]})
    initrd = bh.build_initramfs(files, body, os.path.join(run_dir, 'initrd.gz'))
    log_path = os.path.join(run_dir, 'console.log')
    vm = bh.boot(files, initrd, log_path=log_path, echo=args.verbose)
    exited = False
    try:
        with vm:
            try:
                vm.wait_for(r'BOARD-PAUSE drag %d ' % DRAG_INJECT_AT, args.timeout)
                vm.qmp('input-send-event', events=[
                    {'type': 'btn', 'data': {'down': True, 'button': 'left'}}])
                for dx, dy in DRAG_STEPS:
                    vm.qmp('input-send-event', events=[
                        {'type': 'rel', 'data': {'axis': 'x', 'value': dx}},
                        {'type': 'rel', 'data': {'axis': 'y', 'value': dy}}])
                vm.qmp('input-send-event', events=[
                    {'type': 'btn', 'data': {'down': False, 'button': 'left'}}])
                vm.send('\n')
                vm.wait_for(r'BOARD-PAUSE drag %d ' % DRAG_FRAMES, args.timeout)
                bh.dump_and_compare(vm, run_dir, 'drag_mouse', DRAG_FRAMES,
                                    refs.get('drag', DRAG_FRAMES), checks)
                vm.send('\n')
                exited = bh.finish(vm, args.timeout)
            except qh.HarnessError as e:
                checks.check('guest_progress', False, '%s (console log %s)' % (e, log_path))
            lines = list(vm.lines)
            bh.check_end(checks, vm, exited)
            vm_time = vm.elapsed
    finally:
        refs.close()

    # The PL050 at 0x10007000 is the board's mouse port: psmouse on the AMBA KMI's serio.
    mice = [l for l in guest_lines(lines, 'BOARD-INPUT ')
            if '/10007000.kmi/' in l and not re.search(r' rel=0 ', l)]
    shown = [re.sub(r' /\S*/([^/]+\.kmi)/\S*', r' on \1', l[len('BOARD-INPUT '):])
             for l in guest_lines(lines, 'BOARD-INPUT ')]
    checks.check('pl050_mouse_is_evdev', len(mice) == 1,
                 '; '.join(shown) or 'no /sys/class/input/event* in the guest')
    end = qh.find_match(lines, r'BOARD-END drag (\d+)')
    checks.check('drag_status', end and end.group(1) == '0',
                 'exit status %s' % (end.group(1) if end else 'missing'))
    # Where the demo says the card went, against the headless replay of the same drag.
    got = [l.split('BOARD-OUT drag ', 1)[1] for l in lines if 'BOARD-OUT drag drag: card' in l]
    want = [l for l in bh.headless_report(args.host_build, 'drag',
                                          ['--frames', str(DRAG_FRAMES), '--input', recording])
            if l.startswith('drag: card')]
    checks.check('drag_dropped_where_replay_drops', got == want and len(want) == 1,
                 'board: %s; headless replay: %s' % (' | '.join(got) or 'no drop',
                                                      ' | '.join(want) or 'no drop'))
    return vm_time


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True, choices=['demos', 'workers', 'kernel', 'input'])
    ap.add_argument('--bpp', type=int, choices=[32, 16], default=32)
    ap.add_argument('--memory', choices=['cma', 'region'], default='cma')
    ap.add_argument('--host-build', help='the host build (its headless demos render the '
                    'reference frames)')
    ap.add_argument('--build-dir', help='where runs keep logs, references and mismatches '
                    '(default: a temporary directory)')
    ap.add_argument('--timeout', type=float, default=120,
                    help='seconds to wait for each step of the guest')
    ap.add_argument('-v', '--verbose', action='store_true', help='echo the guest console')
    bh.BoardFiles.add_arguments(ap)
    args = ap.parse_args()
    if args.run in ('demos', 'workers', 'input') and not args.host_build:
        ap.error('--run %s needs --host-build' % args.run)

    t0 = time.monotonic()
    label = {'demos': 'demos_%dbpp' % args.bpp, 'workers': 'workers_%dbpp' % args.bpp,
             'kernel': 'kernel_%s' % args.memory, 'input': 'input'}[args.run]
    base = args.build_dir or tempfile.mkdtemp(prefix='fbmmap-board-')
    run_dir = os.path.join(os.path.abspath(base), label)
    os.makedirs(run_dir, exist_ok=True)
    files = bh.BoardFiles.from_args(args)
    checks = bh.Checks()
    run = {'demos': run_demos, 'kernel': run_kernel, 'input': run_input,
           'workers': lambda *a: run_demos(*a, demos=WORKER_DEMOS, workers=WORKERS)}[args.run]
    vm_time = run(args, files, checks, run_dir)
    if args.run == 'input' and checks.failed:
        # About one boot in ten here, the drag's PS/2 events never reach the demo (cause not
        # found yet: see the closing note of issue 10). One fresh boot more; a second failure
        # fails the test.
        print('board input: first boot failed; booting once more (known intermittent loss '
              'of the PL050 events)', flush=True)
        checks = bh.Checks()
        vm_time = run(args, files, checks, run_dir)
    return checks.report('board %s' % label, vm_time, t0, os.path.join(run_dir, 'console.log'))


if __name__ == '__main__':
    bh.exit_with(main, 'board')
