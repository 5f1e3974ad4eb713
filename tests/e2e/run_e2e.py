#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end display tests: the test scene in a QEMU guest against the headless reference.

    python3 tests/e2e/run_e2e.py --build-dir DIR --scene e2e_scene --info fb-info \\
        --run drm_bochs|drm_bochs_rotated|drm_virtio|fbdev_fbmmap [--ko fbmmap.ko]
        [--drag-demo fbdemo-drag --drag-recording drag.evemu] [-v]

The host renders the scene with the headless backend (reference frames, PPM). The guest
(Debian's kernel, a busybox initramfs with the two programs and the shared libraries they
load) renders the same frames on a real backend and prints a marker after each; the host then
takes a QMP screendump and compares it pixel for pixel with the reference (retrying for 2 s,
as fbdev's deferred I/O may lag), and releases the guest. On a mismatch the screendump, the
reference and a diff image are kept in DIR and the first differing pixels are printed.

Runs:
  drm_bochs    bochs-display 1024x600: DRM (3 frames, 2 buffers; 4 frames, 3 buffers; RGB565
               where the primary plane offers it, else its refusal), fbdev through DRM's fbdev
               emulation (KD_GRAPHICS held and restored, also after SIGTERM and SIGSEGV), and
               bad input (not a framebuffer, a mode the connector lacks, an 8 bpp palette
               layout from vfb.ko, another DRM master). With --drag-demo: fbdemo-drag on
               the DRM and fbdev displays with a touch recording as their input (the
               displays' own input()), ending where the same run ends headless on the
               host; without input devices (the guest has none), still running.
  drm_bochs_rotated
               bochs-display 1024x600 mounted rotated, one boot for every angle: fb-info reports
               the logical size and the rotation at 90, 180 and 270 (DRM) and at 90 (fbdev);
               the scene at 90, 180 and 270 through DRM (3 frames, 2 buffers), at 270 with 3
               buffers (4 frames) and at 90 through DRM's fbdev emulation, each screendump (the
               panel's pixels) equal to the host's headless reference at the same rotation
               (whose front buffer is the panel's image), and each reference turned as
               to_logical() (the rotation written out here) says. With --drag-demo:
               fbdemo-drag at 90 and 270 (DRM) and 270 (fbdev) replays a drag recorded on the
               rotated panel (written by this script from --drag-recording's device
               description, see rotated_drag_recording()); frames 1 and 40 are screendumped
               and compared with the same run headless on the host, the printed drops and
               card positions too, and, on the guest's screendumps alone, the card under the
               finger's first touch (found by its colour) has moved exactly as far as the
               finger and lies under its last touch, the finger's positions computed here from
               the raw axis values (the recording's axis ranges, then to_logical()), and every
               card is shown where the demo printed it is.
  drm_virtio   virtio-gpu-pci 1024x600: DRM with 2 buffers, with 3 (4 frames), RGB565 or its
               refusal as on bochs, and with 1 buffer (drawn on screen, shown through
               drmModeDirtyFB).
The drm_bochs and drm_virtio runs first print fb-info's report (E2E-INFO lines): the formats
the primary plane scans out decide whether the RGB565 frames are compared or the refusal is
checked.
  fbdev_fbmmap fbmmap.ko's virtual back end: no scanout to dump, so the guest reads the
               memory back with read() at the driver's scanout offset; that must be the buffer
               the backend drew, hash-equal to the reference, one flip per frame.
Prints one line per check and exits 0 only if all passed.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, 'tests', 'qemu'))

import qemu_harness as qh  # noqa: E402

WIDTH, HEIGHT = 1024, 600
FRAMES = 3
TRIPLE_FRAMES = 4  # with 3 buffers, frame 4 is the first to redraw a buffer shown before
REFERENCE_FRAMES = max(FRAMES, TRIPLE_FRAMES)
REGION_BASE = '0x10000000'
REGION_SIZE = '0x1000000'
SCREENDUMP_RETRY_S = 2.0


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail=''):
        self.results.append((name, bool(ok), detail))
        print('%-34s %s  %s' % (name, 'PASS' if ok else 'FAIL', detail), flush=True)
        return ok

    @property
    def failed(self):
        return [r for r in self.results if not r[1]]

    def check_guest_end(self, exited, vm_time, trouble):
        """The checks every guest run ends with: QEMU exited by itself, the console is clean."""
        self.check('guest_finished', exited, 'QEMU %s after %.1f s'
                   % ('exited' if exited else 'killed', vm_time))
        self.check('console_clean', not trouble, trouble[0] if trouble else 'no WARN/BUG/oops')

    def report(self, label, vm_time, t0, log_path):
        """Prints the run's summary line; returns the exit status."""
        failed = self.failed
        print('%s: %d passed, %d failed; QEMU %.1f s, wall %.1f s; console log %s'
              % (label, len(self.results) - len(failed), len(failed), vm_time,
                 time.monotonic() - t0, log_path))
        return 1 if failed else 0


def exit_with(main, label):
    """Runs a test script's main(); a harness set-up failure is reported and exits 1."""
    try:
        sys.exit(main())
    except qh.HarnessError as e:
        print('%s: set-up failed: %s' % (label, e))
        sys.exit(1)


# --- Reference frames ------------------------------------------------------------------------

def render_reference(scene, out_dir, pixel_format='xrgb8888', rotation=0):
    """The scene's frames headless; with a rotation, the panel's pixels (--mode is the
    panel's size, the scene is drawn on the turned picture)."""
    os.makedirs(out_dir, exist_ok=True)
    proc = subprocess.run([scene, '--backend', 'headless', '--mode', '%dx%d' % (WIDTH, HEIGHT),
                           '--format', pixel_format, '--frames', str(REFERENCE_FRAMES),
                           '--rotate', str(rotation), '--reference-dir', out_dir],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, check=False)
    if proc.returncode != 0:
        raise qh.HarnessError('reference render failed:\n' + proc.stdout)
    frames = {}
    for k in range(1, REFERENCE_FRAMES + 1):
        base = os.path.join(out_dir, 'frame-%d' % k)
        with open(base + '.fnv') as f:
            frames[k] = (base + '.ppm', f.read().strip())
    return frames


# --- Images ----------------------------------------------------------------------------------

def write_ppm(path, width, height, rgb):
    with open(path, 'wb') as f:
        f.write(b'P6\n%d %d\n255\n' % (width, height))
        f.write(rgb)


def compare_images(got_path, ref_path):
    """(equal, detail, differing pixels [(x, y, got, want)])"""
    w, h, got = qh.read_ppm(got_path)
    rw, rh, ref = qh.read_ppm(ref_path)
    if (w, h) != (rw, rh):
        return False, 'screen is %dx%d, reference %dx%d' % (w, h, rw, rh), []
    if got == ref:
        return True, '%dx%d identical' % (w, h), []
    diffs = []
    count = 0
    row_bytes = w * 3
    for y in range(h):
        a = got[y * row_bytes:(y + 1) * row_bytes]
        b = ref[y * row_bytes:(y + 1) * row_bytes]
        if a == b:
            continue
        for x in range(w):
            pa, pb = a[x * 3:x * 3 + 3], b[x * 3:x * 3 + 3]
            if pa != pb:
                count += 1
                if len(diffs) < 8:
                    diffs.append((x, y, pa.hex(), pb.hex()))
    return False, '%d pixels differ' % count, diffs


def save_mismatch(got_path, ref_path, stem):
    """Keep the screendump, the reference and a diff (differences red over a dimmed
    reference) next to each other."""
    w, h, got = qh.read_ppm(got_path)
    _, _, ref = qh.read_ppm(ref_path)
    diff = bytearray(len(ref))
    for i in range(0, len(ref), 3):
        if got[i:i + 3] != ref[i:i + 3]:
            diff[i:i + 3] = b'\xff\x00\x00'
        else:
            diff[i:i + 3] = bytes(c // 4 for c in ref[i:i + 3])
    write_ppm(stem + '-reference.ppm', w, h, ref)
    write_ppm(stem + '-diff.ppm', w, h, bytes(diff))
    os.replace(got_path, stem + '-screen.ppm')
    return stem + '-{screen,reference,diff}.ppm'


# --- Guest -----------------------------------------------------------------------------------

def shared_libraries(binaries):
    """(path, real file) of every shared library and the dynamic loader the binaries load."""
    found = {}
    for binary in binaries:
        out = subprocess.run(['ldd', binary], stdout=subprocess.PIPE, universal_newlines=True,
                             check=True).stdout
        for line in out.splitlines():
            m = re.search(r'=>\s*(/\S+)', line) or re.match(r'\s*(/\S+)\s+\(', line)
            if m:
                found[m.group(1)] = os.path.realpath(m.group(1))
    return found


def build_initramfs(args, kernel, modules, init_body, path):
    rd = qh.Initramfs()
    rd.add_busybox()
    rd.add_file('/e2e_scene', args.scene, 0o755)
    rd.add_file('/fb-info', args.info, 0o755)
    programs = [args.scene, args.info]
    if args.drag_demo:
        rd.add_file('/fbdemo-drag', args.drag_demo, 0o755)
        rd.add_file('/drag.evemu', args.drag_recording, 0o644)
        programs.append(args.drag_demo)
        if args.rotated_recording:
            rd.add_file('/drag-rotated.evemu', args.rotated_recording, 0o644)
            # The cards' labels are text: the guest gets the host's fontconfig set-up and the
            # font files the demo's face resolves to, so its frames can equal the host's.
            add_fonts(rd)
    for guest_path, real in shared_libraries(programs).items():
        rd.add_file(guest_path, real, 0o755)
    loads = []
    for name in modules:
        for guest_path in rd.add_kernel_module(kernel, name):
            if guest_path not in loads:
                loads.append(guest_path)
    if args.ko:
        rd.add_file('/fbmmap.ko', args.ko, 0o644)
    script = ['insmod %s 2>/dev/null' % p for p in loads]
    script.append(init_body)
    script.append('echo E2E-ALL-DONE')
    rd.add_init('\n'.join(script))
    return rd.write(path)


def add_fonts(rd):
    """/etc/fonts (symbolic links resolved) and the files of the faces the demos draw with,
    at the host's paths. Without fc-match nothing is added (the labels then differ)."""
    if not shutil.which('fc-match'):
        return
    for conf in ['/etc/fonts/fonts.conf'] + sorted(glob.glob('/etc/fonts/conf.d/*.conf')):
        if os.path.isfile(conf):
            rd.add_file(conf, os.path.realpath(conf), 0o644)
    for face in ('DejaVu Sans', 'DejaVu Sans:bold', 'DejaVu Sans Mono', 'DejaVu Sans Mono:bold'):
        path = subprocess.run(['fc-match', '-f', '%{file}', face], stdout=subprocess.PIPE,
                              universal_newlines=True, check=False).stdout.strip()
        if path and os.path.isfile(path):
            rd.add_file(path, os.path.realpath(path), 0o644)
    rd.add_dir('/var/cache/fontconfig')  # else fontconfig complains it cannot keep its cache


WAIT_FOR = '''i=0; while [ ! -e {node} ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
[ -e {node} ] || echo E2E-MISSING {node}'''

# fb-info's report on the card, each line as "E2E-INFO <line>", then its status.
DRM_INFO = '''/fb-info --backend drm:/dev/dri/card0 --mode 1024x600 > /tmp/info.log 2>&1
INFO_STATUS=$?
while read -r line; do echo "E2E-INFO $line"; done < /tmp/info.log
echo E2E-STATUS info $INFO_STATUS'''

DRM_SCENE = '''/e2e_scene --backend drm:/dev/dri/card0 --mode 1024x600 --frames {frames} --sync \
--tag {tag} {extra}
echo E2E-STATUS {tag} $?'''

# What the plane scans out decides: the RGB565 frames, or fb-info refused with the list.
DRM_RGB565 = '''if grep '^plane formats:' /tmp/info.log | grep -qw rgb565; then
{scene}
else
/fb-info --backend drm:/dev/dri/card0 --mode 1024x600 --format rgb565
echo E2E-STATUS drm565-refused $?
fi'''.format(scene=DRM_SCENE.format(frames=FRAMES, tag='drm565', extra='--format rgb565'))

# The card's report, then the scene with 2 buffers, with 3, and in RGB565.
DRM_START = '\n'.join([
    WAIT_FOR.format(node='/dev/dri/card0'),
    DRM_INFO,
    DRM_SCENE.format(frames=FRAMES, tag='drm', extra='--buffers 2'),
    DRM_SCENE.format(frames=TRIPLE_FRAMES, tag='drm3', extra='--buffers 3'),
    DRM_RGB565,
])

BOCHS_BODY = DRM_START + '''
{wait_fb}
/e2e_scene --kd-report /dev/tty0 --tag before
/e2e_scene --backend fbdev:/dev/fb0 --frames 3 --sync --tag fbdev --kd-report /dev/tty0
echo E2E-STATUS fbdev $?
/e2e_scene --kd-report /dev/tty0 --tag after-exit
/e2e_scene --backend fbdev:/dev/fb0 --frames 1 --raise SIGTERM --kd-report /dev/tty0 --tag sigterm
echo E2E-STATUS sigterm $?
/e2e_scene --kd-report /dev/tty0 --tag after-sigterm
/e2e_scene --backend fbdev:/dev/fb0 --frames 1 --raise SIGSEGV --kd-report /dev/tty0 --tag sigsegv
echo E2E-STATUS sigsegv $?
/e2e_scene --kd-report /dev/tty0 --tag after-sigsegv
/fb-info --backend fbdev:/dev/null
echo E2E-STATUS bad-not-fb $?
/fb-info --backend drm:/dev/dri/card0 --mode 800x123
echo E2E-STATUS bad-mode $?
insmod /lib/modules/vfb.ko vfb_enable=1
cat /sys/class/graphics/fb1/name
/fb-info --backend fbdev:/dev/fb1
echo E2E-STATUS bad-layout $?
/e2e_scene --backend drm:/dev/dri/card0 --frames 0 --hold --tag holder > /tmp/holder.log 2>&1 &
HOLDER=$!
i=0; while ! grep -q E2E-HOLDING /tmp/holder.log && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
cat /tmp/holder.log
/fb-info --backend drm:/dev/dri/card0
echo E2E-STATUS bad-master $?
kill $HOLDER; wait $HOLDER'''.format(wait_fb=WAIT_FOR.format(node='/dev/fb0'))

VIRTIO_BODY = DRM_START + '''
/e2e_scene --backend drm --mode 1024x600 --frames 3 --sync --tag drm1 --buffers 1
echo E2E-STATUS drm1 $?'''

FBMMAP_BODY = '''insmod /fbmmap.ko width=1024 height=600 bpp=32 buffers=2 refresh_hz=60 \
mem_base={base} mem_size={size}
echo E2E-STATUS insmod $?
{wait_fb}
/e2e_scene --backend fbdev:/dev/fb0 --frames 3 --readback --tag fbmmap
echo E2E-STATUS fbmmap $?
rmmod fbmmap
insmod /fbmmap.ko width=1024 height=600 bpp=16 buffers=2 refresh_hz=60 \
mem_base={base} mem_size={size}
echo E2E-STATUS insmod565 $?
{wait_fb}
/e2e_scene --backend fbdev:/dev/fb0 --frames 3 --readback --tag fbmmap565
echo E2E-STATUS fbmmap565 $?'''.format(base=REGION_BASE, size=REGION_SIZE,
                                    wait_fb=WAIT_FOR.format(node='/dev/fb0'))

# fbdemo-drag on the board displays: a recording replayed as the display's input (40 frames
# on the demo's timeline), no input devices at all, and a named device that is missing. Each
# line the demo prints comes back as "E2E-DRAG <tag> <line>".
DRAG_RUN = '''/fbdemo-drag --backend {backend} {args} > /tmp/drag-{tag}.log 2>&1
echo E2E-STATUS drag-{tag} $?
while read -r line; do echo "E2E-DRAG {tag} $line"; done < /tmp/drag-{tag}.log'''
DRAG_FRAMES = 40
DRAG_BODY = '\n'.join([
    'echo E2E-INPUT-NODES $(ls /dev/input 2>&1)',
    DRAG_RUN.format(tag='drm', backend='drm:/dev/dri/card0',
                    args='--frames %d --input /drag.evemu' % DRAG_FRAMES),
    DRAG_RUN.format(tag='fbdev', backend='fbdev:/dev/fb0',
                    args='--frames %d --input /drag.evemu' % DRAG_FRAMES),
    DRAG_RUN.format(tag='drm-noinput', backend='drm:/dev/dri/card0', args='--frames 5'),
    DRAG_RUN.format(tag='fbdev-noinput', backend='fbdev:/dev/fb0', args='--frames 5'),
    DRAG_RUN.format(tag='fbdev-missing', backend='fbdev:/dev/fb0',
                    args='--frames 5 --input /dev/input/event9'),
])

# Screens compared, in the guest's order: (tag, frames, reference format[, rotation]). drm565
# only when the plane offers rgb565 (see DRM_RGB565).
DRM_SCREENS = [('drm', FRAMES, 'xrgb8888'), ('drm3', TRIPLE_FRAMES, 'xrgb8888'),
               ('drm565', FRAMES, 'rgb565')]

# --- drm_bochs_rotated ---
ROTATIONS = (90, 180, 270)
# fb-info's report at each rotation, as "E2E-INFO-<tag> <line>", then its status.
# {backend}: the display's flags (DRM's with the mode, which fbdev keeps as it is).
ROTATED_DRM = 'drm:/dev/dri/card0 --mode 1024x600'
ROTATED_FBDEV = 'fbdev:/dev/fb0'
ROTATED_INFO = '''/fb-info --backend {backend} --rotate {rotation} > /tmp/info.log 2>&1
INFO_STATUS=$?
while read -r line; do echo "E2E-INFO-{tag} $line"; done < /tmp/info.log
echo E2E-STATUS info-{tag} $INFO_STATUS'''
ROTATED_SCENE = '''/e2e_scene --backend {backend} --rotate {rotation} --frames {frames} --sync \
--tag {tag} {extra}
echo E2E-STATUS {tag} $?'''
# (tag, backend, rotation, frames, buffers, e2e_scene's extra flags); fbdev through DRM's fbdev
# emulation pans a single buffer.
ROTATED_RUNS = [('drm-r%d' % r, ROTATED_DRM, r, FRAMES, 2, '--buffers 2') for r in ROTATIONS] + [
    ('drm3-r270', ROTATED_DRM, 270, TRIPLE_FRAMES, 3, '--buffers 3'),
    ('fbdev-r90', ROTATED_FBDEV, 90, FRAMES, 1, ''),
]
ROTATED_INFOS = [('drm-r%d' % r, ROTATED_DRM, r) for r in ROTATIONS] + [
    ('fbdev-r90', ROTATED_FBDEV, 90)]
ROTATED_BODY = '\n'.join(
    [WAIT_FOR.format(node='/dev/dri/card0'), WAIT_FOR.format(node='/dev/fb0')]
    + [ROTATED_INFO.format(tag=t, backend=b, rotation=r) for t, b, r in ROTATED_INFOS]
    + [ROTATED_SCENE.format(tag=t, backend=b, rotation=r, frames=n, extra=x)
       for t, b, r, n, _, x in ROTATED_RUNS])
ROTATED_SCREENS = [(t, n, 'xrgb8888', r) for t, _, r, n, _, _ in ROTATED_RUNS]

# fbdemo-drag on the rotated panel with a drag recorded on it: it stops after frame 1 (the
# replay starts with the demo: the finger has just come down, no card has moved yet) and after
# the last frame for the host's screendumps. Its output comes back as "E2E-DRAG <tag> <line>"
# (FBDEMO-PAUSE lines too, which the host waits for).
ROTATED_DRAG_FRAMES = 40
ROTATED_DRAG_PAUSES = (1, ROTATED_DRAG_FRAMES)
ROTATED_DRAGS = [('drm-r90', 'drm:/dev/dri/card0', 90), ('drm-r270', 'drm:/dev/dri/card0', 270),
                 ('fbdev-r270', ROTATED_FBDEV, 270)]
ROTATED_DRAG_RUN = '''{{ /fbdemo-drag --backend {backend} --rotate {rotation} --frames {frames} \
--input /drag-rotated.evemu --pause-at {pauses}; echo $? > /tmp/drag.status; }} 2>&1 |
while read -r line; do echo "E2E-DRAG {tag} $line"; done
echo E2E-STATUS drag-{tag} $(cat /tmp/drag.status)'''
ROTATED_DRAG_BODY = '\n'.join(
    ROTATED_DRAG_RUN.format(tag=t, backend=b, rotation=r, frames=ROTATED_DRAG_FRAMES,
                            pauses=','.join(str(k) for k in ROTATED_DRAG_PAUSES))
    for t, b, r in ROTATED_DRAGS)

RUNS = {
    'drm_bochs': dict(modules=['bochs', 'vfb'], body=BOCHS_BODY,
                      screens=DRM_SCREENS + [('fbdev', FRAMES, 'xrgb8888')],
                      device=['-device', 'bochs-display,xres=1024,yres=600']),
    'drm_bochs_rotated': dict(modules=['bochs'], body=ROTATED_BODY, screens=ROTATED_SCREENS,
                              device=['-device', 'bochs-display,xres=1024,yres=600']),
    'drm_virtio': dict(modules=['virtio_pci', 'virtio-gpu'], body=VIRTIO_BODY,
                       screens=DRM_SCREENS + [('drm1', FRAMES, 'xrgb8888')],
                       device=['-device', 'virtio-gpu-pci,xres=1024,yres=600']),
    'fbdev_fbmmap': dict(modules=[], body=FBMMAP_BODY, screens=[], device=[]),
}


def dump_and_compare(vm, run_dir, tag, frame, ref_path, checks, name=None, keep=False):
    """Screendump against the reference; returns the screendump's path (kept with `keep` or
    on a mismatch, else removed and None)."""
    shot = os.path.join(run_dir, 'screen-%s-%d.ppm' % (tag, frame))
    deadline = time.monotonic() + SCREENDUMP_RETRY_S
    while True:
        vm.screendump(shot)
        for _ in range(50):  # QEMU writes the file before it answers; be safe anyway
            if os.path.exists(shot) and os.path.getsize(shot) > 0:
                break
            time.sleep(0.02)
        equal, detail, diffs = compare_images(shot, ref_path)
        if equal or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if not equal:
        kept = save_mismatch(shot, ref_path, os.path.join(run_dir, 'mismatch-%s-%d'
                                                          % (tag, frame)))
        detail += '; first: ' + ', '.join('(%d,%d) got %s want %s' % d for d in diffs)
        detail += '; kept ' + kept
        shot = os.path.join(run_dir, 'mismatch-%s-%d-screen.ppm' % (tag, frame))
    elif not keep:
        os.remove(shot)
        shot = None
    checks.check(name or '%s_frame%d_screen' % (tag, frame), equal, detail)
    return shot


def check_status(lines, checks, tag, want, message=None, name=None):
    m = qh.find_match(lines, r'E2E-STATUS %s (\d+)' % re.escape(tag))
    status = int(m.group(1)) if m else None
    ok = status is not None and (status == want if isinstance(want, int) else want(status))
    detail = 'exit status %s' % status
    if message:
        shown = qh.find_match(lines, message)
        ok = ok and shown is not None
        detail += ', message %s' % (repr(shown.group(0)) if shown else 'missing: ' + message)
    return checks.check(name or ('%s_status' % tag), ok, detail)


def check_frames(lines, checks, tag, buffers, single=False, frames=FRAMES, indices=False):
    """Buffer count and ages; with `indices`, also that frame k drew buffer k mod buffers."""
    opened = qh.find_match(lines, r'E2E-OPEN %s .*buffers=(\d+)' % re.escape(tag))
    got = []
    for k in range(1, frames + 1):
        m = qh.find_match(lines, r'E2E-FRAME %s %d index=(\d+) age=(\d+)' % (re.escape(tag), k))
        got.append((int(m.group(1)), int(m.group(2))) if m else (None, None))
    ages = [a for _, a in got]
    # Drawn on screen: unknown, then the previous frame. Flipped between n: buffer k mod n, whose
    # contents are unknown until it is drawn again, n frames after it was shown.
    want = ([0] + [1] * (frames - 1) if single
            else [buffers if k > buffers else 0 for k in range(1, frames + 1)])
    checks.check('%s_buffers' % tag, opened and int(opened.group(1)) == buffers,
                 opened.group(0) if opened else 'no E2E-OPEN line')
    checks.check('%s_buffer_ages' % tag, ages == want, 'ages %s, expected %s' % (ages, want))
    if indices:
        drawn = [i for i, _ in got]
        want_drawn = [k % buffers for k in range(1, frames + 1)]
        checks.check('%s_buffer_order' % tag, drawn == want_drawn,
                     'buffers %s, expected %s' % (drawn, want_drawn))


def plane_formats(lines):
    """The formats fb-info listed for the primary plane, or None."""
    m = qh.find_match(lines, r'E2E-INFO plane formats:\s*(.*)')
    return [f.strip() for f in m.group(1).split(',')] if m else None


def check_drm_formats(lines, checks):
    """fb-info's report on the card, 3 buffers, and RGB565 or its refusal."""
    check_status(lines, checks, 'info', 0)
    formats = plane_formats(lines)
    vblank = qh.find_match(lines, r'E2E-INFO vblank:\s*(.*)')
    checks.check('info_plane_formats', formats and 'xrgb8888' in formats,
                 'plane formats %s; vblank %s' % (', '.join(formats or ['missing']),
                                                  vblank.group(1) if vblank else 'missing'))
    check_status(lines, checks, 'drm3', 0)
    check_frames(lines, checks, 'drm3', 3, frames=TRIPLE_FRAMES, indices=True)
    if formats and 'rgb565' in formats:
        check_status(lines, checks, 'drm565', 0)
        opened = qh.find_match(lines, r'E2E-OPEN drm565 .*')
        checks.check('drm565_open', opened and 'format=rgb565' in opened.group(0),
                     opened.group(0) if opened else 'no E2E-OPEN line')
    else:
        check_status(lines, checks, 'drm565-refused', 1,
                     r'fb-info: drm: /dev/dri/card0: the primary plane of CRTC \d+ \(\S+\) '
                     r'does not scan out rgb565 \(RG16\); it offers .*xrgb8888.*',
                     name='drm565_refused')


def check_run_bochs(lines, checks):
    check_status(lines, checks, 'drm', 0)
    check_drm_formats(lines, checks)
    check_status(lines, checks, 'fbdev', 0)
    for tag, want in (('before', 'text'), ('fbdev', 'graphics'), ('after-exit', 'text'),
                      ('sigterm', 'graphics'), ('after-sigterm', 'text'),
                      ('sigsegv', 'graphics'), ('after-sigsegv', 'text')):
        m = qh.find_match(lines, r'E2E-KDMODE %s (\S+)' % re.escape(tag))
        checks.check('kd_mode_%s' % tag, m and m.group(1) == want,
                     '%s, expected %s' % (m.group(1) if m else 'no report', want))
    check_status(lines, checks, 'sigterm', 128 + 15, name='sigterm_killed')
    check_status(lines, checks, 'sigsegv', 128 + 11, name='sigsegv_killed')
    check_status(lines, checks, 'bad-not-fb', 1,
                 r'fb-info: fbdev: /dev/null is not a framebuffer device.*')
    check_status(lines, checks, 'bad-mode', 1,
                 r'fb-info: drm: /dev/dri/card0: connector \S+ has no 800x123 mode; '
                 r'it offers .*1024x600.*')
    check_status(lines, checks, 'bad-layout', 1,
                 r'fb-info: fbdev: /dev/fb1 \(.*\) uses pseudocolor .*8 bpp.*')
    check_status(lines, checks, 'bad-master', 1,
                 r'fb-info: drm: /dev/dri/card0: another process is DRM master.*')


def check_run_virtio(lines, checks):
    check_status(lines, checks, 'drm', 0)
    check_drm_formats(lines, checks)
    check_status(lines, checks, 'drm1', 0)


def check_run_fbmmap(lines, checks, refs, tag='fbmmap', bytes_per_pixel=4,
                     pixel_format='xrgb8888'):
    check_status(lines, checks, tag, 0)
    opened = qh.find_match(lines, r'E2E-OPEN %s .*' % tag)
    checks.check('%s_open' % tag, opened and 'buffers=2' in opened.group(0)
                 and 'vsync=1' in opened.group(0) and pixel_format in opened.group(0),
                 opened.group(0) if opened else 'no E2E-OPEN line')
    frame_bytes = WIDTH * bytes_per_pixel * HEIGHT
    flips = []
    for k in range(1, FRAMES + 1):
        frame = qh.find_match(lines, r'E2E-FRAME %s %d index=(\d+)' % (tag, k))
        m = qh.find_match(lines, r'E2E-READBACK %s %d scanout_offset=(\d+) drawn_offset=(\d+) '
                               r'flip_count=(\d+) hash=([0-9a-f]+)' % (tag, k))
        if not (frame and m):
            checks.check('%s_frame%d' % (tag, k), False, 'no frame or read-back line')
            continue
        index = int(frame.group(1))
        scanout, drawn = int(m.group(1)), int(m.group(2))
        flips.append(int(m.group(3)))
        checks.check('%s_frame%d_panned' % (tag, k), scanout == drawn == index * frame_bytes,
                     'driver scans out at %d, backend panned to %d, drew buffer %d (%d)'
                     % (scanout, drawn, index, index * frame_bytes))
        checks.check('%s_frame%d_readback' % (tag, k), m.group(4) == refs[k][1],
                     'read() hash %s, reference %s' % (m.group(4), refs[k][1]))
    steps = [b - a for a, b in zip(flips, flips[1:])]
    checks.check('%s_one_flip_per_frame' % tag, len(flips) == FRAMES and steps == [1] * (FRAMES - 1),
                 'flip_count %s' % flips)


def is_drag_result(line):
    return line.startswith('drag: card') or re.match(r'card \d: ', line) is not None


def drag_lines(lines, tag):
    """What fbdemo-drag printed in the guest: its drops and where the cards ended."""
    prefix = 'E2E-DRAG %s ' % tag
    found = [l.split(prefix, 1)[1].strip() for l in lines if prefix in l]
    return [l for l in found if is_drag_result(l)]


def drag_reference(drag_demo, extra):
    """The same run headless on the host."""
    env = dict(os.environ)
    env.pop('FB_INPUT', None)
    env.pop('FB_BACKEND', None)
    proc = subprocess.run([drag_demo, '--backend', 'headless'] + extra, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, env=env, check=False)
    if proc.returncode != 0:
        raise qh.HarnessError('headless fbdemo-drag failed:\n' + proc.stdout)
    return [l.strip() for l in proc.stdout.splitlines() if is_drag_result(l.strip())]


def check_drag(lines, checks, args):
    replayed = drag_reference(args.drag_demo, ['--frames', str(DRAG_FRAMES), '--input',
                                               args.drag_recording])
    still = drag_reference(args.drag_demo, ['--frames', '5', '--input', 'none'])
    checks.check('drag_reference_moves_a_card',
                 any(l.startswith('drag: card') for l in replayed) and replayed[-3:] != still,
                 '; '.join(replayed))
    for tag, want in (('drm', replayed), ('fbdev', replayed), ('drm-noinput', still),
                      ('fbdev-noinput', still)):
        check_status(lines, checks, 'drag-' + tag, 0)
        got = drag_lines(lines, tag)
        checks.check('drag_%s_input' % tag.replace('-', '_'), got == want,
                     'guest %s; headless %s' % (' | '.join(got), ' | '.join(want)))
    check_status(lines, checks, 'drag-fbdev-missing', 1,
                 r'E2E-DRAG fbdev-missing fbdemo-drag: evdev: cannot open /dev/input/event9.*')


# --- Rotated panels --------------------------------------------------------------------------

def logical_size(rotation):
    """The picture the application draws on the 1024x600 panel mounted at `rotation`."""
    return (HEIGHT, WIDTH) if rotation in (90, 270) else (WIDTH, HEIGHT)


def to_logical(rotation, x, y):
    """The logical pixel shown at panel pixel (x, y) of the WIDTH x HEIGHT panel, written out
    from the definition (the picture turned clockwise by `rotation` onto the panel): at 90 the
    picture's top edge runs down the panel's right side, so its x runs down the panel and its y
    runs from the panel's right edge leftwards; at 180 it is upside down; at 270 its top edge
    runs up the panel's left side."""
    if rotation == 90:
        return y, WIDTH - 1 - x
    if rotation == 180:
        return WIDTH - 1 - x, HEIGHT - 1 - y
    if rotation == 270:
        return HEIGHT - 1 - y, x
    return x, y


# e2e_scene's opaque red and green bars, logical boxes (x0, y0, x1, y1 inclusive) that no other
# layer covers: where they are on the panel tells how the picture was turned.
SCENE_BARS = ((lambda r, g, b: (r, g, b) == (255, 0, 0), (40, 40, 239, 159)),
              (lambda r, g, b: (r, g, b) == (0, 255, 0), (260, 40, 459, 159)))


def check_reference_oriented(checks, rotation, ppm):
    """The host's reference (which every screendump must equal) shows the scene turned as
    to_logical() says: the bars found on the panel are at their logical places. The library's
    rotation, wrong the same way on the host and in the guest, would pass the screendumps."""
    found = [logical_box(rotation, b) for b in colour_boxes(ppm, [c for c, _ in SCENE_BARS])]
    want = [box for _, box in SCENE_BARS]
    checks.check('reference_r%d_oriented' % rotation, found == want,
                 'red and green bars at logical %s, expected %s' % (found, want))


def check_run_rotated(lines, checks):
    """fb-info's size and rotation, and the scene's runs: opened turned, buffers and ages."""
    for tag, _, rotation in ROTATED_INFOS:
        check_status(lines, checks, 'info-' + tag, 0)
        size = qh.find_match(lines, r'E2E-INFO-%s size:\s*(\d+)x(\d+)' % re.escape(tag))
        turned = qh.find_match(lines, r'E2E-INFO-%s rotation:\s*(\d+) \(panel (\d+)x(\d+)\)'
                               % re.escape(tag))
        got = ((int(size.group(1)), int(size.group(2))) if size else None,
               tuple(int(g) for g in turned.groups()) if turned else None)
        want = (logical_size(rotation), (rotation, WIDTH, HEIGHT))
        checks.check('info_%s_rotated' % tag.replace('-', '_'), got == want,
                     'size %s, rotation (degrees, panel) %s; expected %s, %s'
                     % (got[0], got[1], want[0], want[1]))
    for tag, _, rotation, frames, buffers, _ in ROTATED_RUNS:
        check_status(lines, checks, tag, 0)
        opened = qh.find_match(lines, r'E2E-OPEN %s .*' % re.escape(tag))
        want = ['size=%dx%d' % logical_size(rotation), 'rotation=%d' % rotation,
                'panel=%dx%d' % (WIDTH, HEIGHT)]
        checks.check('%s_open_rotated' % tag,
                     opened and all(w in opened.group(0).split() for w in want),
                     '%s; expected %s' % (opened.group(0) if opened else 'no E2E-OPEN line',
                                          ' '.join(want)))
        check_frames(lines, checks, tag, buffers, single=buffers == 1, frames=frames,
                     indices=buffers == 3)


# The drag on the rotated panel. The finger comes down at panel pixel DRAG_FROM and slides to
# DRAG_TO: at 90 and at 270, DRAG_FROM shows a point of card 2 in fbdemo-drag's portrait layout
# (600x1024: cards 120x204 at (60,341), (210,426), (360,511)), and the card ends in a different
# place at each angle. (The recording the demo tests replay, a drag on the unrotated panel,
# touches no card at 90 or 270.)
DRAG_FROM, DRAG_TO, DRAG_STEPS = (512, 300), (812, 150), 10

EV_SYN, EV_KEY, EV_ABS = 0, 1, 3
BTN_TOUCH = 0x14a
ABS_X, ABS_Y = 0x00, 0x01
ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_TRACKING_ID = 0x35, 0x36, 0x39


def rotated_drag_recording(template, path):
    """Writes the drag in evemu-record's text format: `template`'s device description (the
    multitouch panel and its axis ranges), then the finger's events, 30 ms apart."""
    with open(template) as f:
        description = [l for l in f if l[:2] in ('N:', 'I:', 'P:', 'B:', 'A:')]
    ranges, _ = recorded_touches(template)
    (x_lo, x_hi), (y_lo, y_hi) = ranges[ABS_MT_POSITION_X], ranges[ABS_MT_POSITION_Y]

    def raw(pixel, lo, hi, size):
        return lo + round(pixel * (hi - lo) / (size - 1))

    out = ['# EVEMU 1.3\n',
           '# Written by tests/e2e/run_e2e.py from the description in %s: a finger drags\n'
           % os.path.basename(template),
           '# on the %dx%d panel from pixel (%d,%d) to (%d,%d), however the panel is mounted.\n'
           % ((WIDTH, HEIGHT) + DRAG_FROM + DRAG_TO)] + description
    out += ['################################\n', '#      Waiting for events      #\n',
            '################################\n']
    t = 0.1
    out.append('E: %.6f 0003 002f 0\n' % t)
    out.append('E: %.6f 0003 0039 42\n' % t)
    for step in range(DRAG_STEPS + 1):
        px = DRAG_FROM[0] + (DRAG_TO[0] - DRAG_FROM[0]) * step // DRAG_STEPS
        py = DRAG_FROM[1] + (DRAG_TO[1] - DRAG_FROM[1]) * step // DRAG_STEPS
        out.append('E: %.6f 0003 0035 %d\n' % (t, raw(px, x_lo, x_hi, WIDTH)))
        out.append('E: %.6f 0003 0036 %d\n' % (t, raw(py, y_lo, y_hi, HEIGHT)))
        out.append('E: %.6f 0000 0000 0\n' % t)
        t += 0.03
    t += 0.07
    out.append('E: %.6f 0003 0039 -1\n' % t)
    out.append('E: %.6f 0000 0000 0\n' % t)
    with open(path, 'w') as f:
        f.writelines(out)
    return path


def recorded_touches(path):
    """The recording's axis ranges {code: (minimum, maximum)} and the raw (x, y) of the finger
    at each SYN_REPORT while it is down."""
    ranges, touches = {}, []
    x = y = None
    down = False
    with open(path) as f:
        for line in f:
            fields = line.split('#', 1)[0].split()
            if fields[:1] == ['A:']:
                ranges[int(fields[1], 16)] = (int(fields[2]), int(fields[3]))
            elif fields[:1] == ['E:']:
                kind, code, value = int(fields[2], 16), int(fields[3], 16), int(fields[4])
                if kind == EV_ABS and code in (ABS_X, ABS_MT_POSITION_X):
                    x = value
                elif kind == EV_ABS and code in (ABS_Y, ABS_MT_POSITION_Y):
                    y = value
                elif kind == EV_ABS and code == ABS_MT_TRACKING_ID:
                    down = value >= 0
                elif kind == EV_KEY and code == BTN_TOUCH:
                    down = value != 0
                elif kind == EV_SYN and code == 0 and down and None not in (x, y):
                    touches.append((x, y))
    return ranges, touches


def panel_pixel(raw, axis, size):
    """A raw axis value's panel pixel: its place in [minimum, maximum] stretched over
    [0, size - 1], to the nearest pixel (halves up); values outside the range on the edge."""
    lo, hi = axis
    value = min(max(raw - lo, 0), hi - lo)
    return int(Fraction(value * (size - 1), hi - lo) + Fraction(1, 2))


def finger_path(path, rotation):
    """Where the finger came down and where it last was: [(panel pixel, logical pixel)] * 2."""
    ranges, touches = recorded_touches(path)
    x_axis = ranges.get(ABS_MT_POSITION_X, ranges.get(ABS_X))
    y_axis = ranges.get(ABS_MT_POSITION_Y, ranges.get(ABS_Y))
    points = []
    for raw_x, raw_y in (touches[0], touches[-1]):
        panel = panel_pixel(raw_x, x_axis, WIDTH), panel_pixel(raw_y, y_axis, HEIGHT)
        points.append((panel, to_logical(rotation, *panel)))
    return points


# fbdemo-drag's cards 1, 2 and 3 (red, green, blue at 90% over the dark checkerboard), told
# apart by colour; their white border and labels, and the background, match none.
CARD_COLOURS = (lambda r, g, b: r > 170 and g < 120 and b < 120,
                lambda r, g, b: g > 130 and r < 110 and b < 130,
                lambda r, g, b: b > 170 and r < 110 and g < 160)


def colour_boxes(ppm, colours):
    """Per colour (a test on r, g, b that needs a channel of 110 or more), the panel box
    (x0, y0, x1, y1, inclusive) of its pixels, or None."""
    w, h, rgb = qh.read_ppm(ppm)
    boxes = [None] * len(colours)
    for y in range(h):
        row = rgb[y * w * 3:(y + 1) * w * 3]
        for x, (r, g, b) in enumerate(zip(row[0::3], row[1::3], row[2::3])):
            if r < 110 and g < 110 and b < 110:
                continue  # the dark backgrounds: a quick way out
            for i, is_colour in enumerate(colours):
                if is_colour(r, g, b):
                    box = boxes[i]
                    boxes[i] = ((x, y, x, y) if box is None else
                                (min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)))
                    break
    return boxes


def logical_box(rotation, box):
    if box is None:
        return None
    (ax, ay), (bx, by) = to_logical(rotation, *box[:2]), to_logical(rotation, *box[2:])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def inside(point, box):
    return box is not None and box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


# A card's colour starts 2 pixels inside its position: its outline is white.
CARD_INSET = 2


def check_card_follows_finger(checks, tag, rotation, recording, first_shot, last_shot,
                              printed):
    """On the guest's own screendumps: the card under the finger's first touch (the topmost,
    found by its colour in frame 1, where the finger has only come down) has moved by exactly the finger's logical displacement and
    lies under its last touch (logical, and panel pixels on the screendump); the other cards
    have stayed. Then that every card is shown where the demo says it is (its printed logical
    position): the panel turned to logical by to_logical() agrees with the demo's coordinates,
    which a rotation applied the same wrong way to the picture and the touch would not."""
    name = 'drag_%s_card_follows_finger' % tag.replace('-', '_')
    placed = 'drag_%s_cards_where_printed' % tag.replace('-', '_')
    if not (first_shot and last_shot and os.path.exists(first_shot)
            and os.path.exists(last_shot)):
        checks.check(placed, False, 'no screendump of frame %d' % ROTATED_DRAG_PAUSES[-1])
        return checks.check(name, False, 'no screendump of frames %s' % (ROTATED_DRAG_PAUSES,))
    (panel0, finger0), (panel1, finger1) = finger_path(recording, rotation)
    panel_before = colour_boxes(first_shot, CARD_COLOURS)
    panel_after = colour_boxes(last_shot, CARD_COLOURS)
    before = [logical_box(rotation, b) for b in panel_before]
    after = [logical_box(rotation, b) for b in panel_after]
    corners = [(b[0] - CARD_INSET, b[1] - CARD_INSET) if b else None for b in after]
    positions = [None] * len(after)
    for line in printed:
        m = re.match(r'card (\d+): (-?\d+),(-?\d+)$', line)
        if m and 1 <= int(m.group(1)) <= len(positions):
            positions[int(m.group(1)) - 1] = (int(m.group(2)), int(m.group(3)))
    checks.check(placed, None not in positions and corners == positions,
                 'shown at %s (colour boxes\' logical corners less %d), printed %s'
                 % (corners, CARD_INSET, positions))
    touched = [i for i, box in enumerate(before) if inside(finger0, box)]
    detail = ('finger panel %s -> %s, logical %s -> %s; cards\' logical boxes before %s, '
              'after %s' % (panel0, panel1, finger0, finger1, before, after))
    if not touched:
        return checks.check(name, False, 'the first touch is on no card; ' + detail)
    card = touched[-1]  # cards 1, 2, 3 are stacked in that order at the start
    dx, dy = finger1[0] - finger0[0], finger1[1] - finger0[1]
    want = (before[card][0] + dx, before[card][1] + dy, before[card][2] + dx,
            before[card][3] + dy)
    others_stay = all(after[i] == before[i] for i in range(len(before)) if i != card)
    ok = (after[card] == want and inside(finger1, after[card])
          and inside(panel1, panel_after[card]) and others_stay and (dx, dy) != (0, 0))
    return checks.check(name, ok, 'card %d at %s, expected %s (moved by %+d,%+d); %s'
                        % (card + 1, after[card], want, dx, dy, detail))


def rotated_drag_references(args, out_dir):
    """The same drags headless on the host: the panel's image after each paused-at frame and
    what the demo printed. {rotation: ({frame: ppm}, [lines])}"""
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ)
    for name in ('FB_INPUT', 'FB_BACKEND', 'FB_ROTATION', 'FB_TOUCH_CALIBRATION'):
        env.pop(name, None)
    refs = {}
    for rotation in sorted({r for _, _, r in ROTATED_DRAGS}):
        shots, lines = {}, []
        for frames in ROTATED_DRAG_PAUSES:
            shots[frames] = os.path.join(out_dir, 'drag-r%d-%d.ppm' % (rotation, frames))
            proc = subprocess.run([args.drag_demo, '--backend', 'headless', '--rotate',
                                   str(rotation), '--frames', str(frames), '--fps', '0',
                                   '--input', args.rotated_recording,
                                   '--screenshot', shots[frames]],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  universal_newlines=True, env=env, check=False)
            if proc.returncode != 0:
                raise qh.HarnessError('headless fbdemo-drag failed:\n' + proc.stdout)
            lines = [l.strip() for l in proc.stdout.splitlines() if is_drag_result(l.strip())]
        refs[rotation] = (shots, lines)
    return refs


def check_rotated_drag(lines, checks, args, refs, shots):
    for tag, _, rotation in ROTATED_DRAGS:
        check_status(lines, checks, 'drag-' + tag, 0)
        got, want = drag_lines(lines, tag), refs[rotation][1]
        checks.check('drag_%s_ends_as_headless' % tag.replace('-', '_'),
                     got == want and any(l.startswith('drag: card') for l in want),
                     'guest %s; headless %s' % (' | '.join(got), ' | '.join(want)))
        dumped = [shots.get((tag, k)) for k in ROTATED_DRAG_PAUSES]
        before = len(checks.failed)
        check_card_follows_finger(checks, tag, rotation, args.rotated_recording,
                                  dumped[0], dumped[-1], got)
        if len(checks.failed) == before:  # else the screendumps stay for a look
            for shot in dumped:
                if shot and os.path.basename(shot).startswith('screen-'):
                    os.remove(shot)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build-dir', required=True)
    ap.add_argument('--scene', required=True, help='the e2e_scene program')
    ap.add_argument('--info', required=True, help='the fb-info program')
    ap.add_argument('--run', required=True, choices=sorted(RUNS))
    ap.add_argument('--ko', help='fbmmap.ko (fbdev_fbmmap run)')
    ap.add_argument('--kernel-version')
    ap.add_argument('--drag-demo', help='fbdemo-drag, run on the displays with evdev input '
                                        '(drm_bochs and drm_bochs_rotated runs)')
    ap.add_argument('--drag-recording', help='the touch recording fbdemo-drag replays')
    ap.add_argument('--timeout', type=float, default=180)
    ap.add_argument('-v', '--verbose', action='store_true', help='echo the guest console')
    args = ap.parse_args()
    if args.run not in ('drm_bochs', 'drm_bochs_rotated') or not args.drag_recording:
        args.drag_demo = None
    args.rotated_recording = None
    if args.run != 'fbdev_fbmmap':
        args.ko = None
    elif not args.ko or not os.path.isfile(args.ko):
        print('fbdev_fbmmap needs --ko fbmmap.ko (built by the kernel tests)')
        return 1

    t0 = time.monotonic()
    run = RUNS[args.run]
    run_dir = os.path.join(os.path.abspath(args.build_dir), args.run)
    os.makedirs(run_dir, exist_ok=True)
    checks = Checks()

    refs = render_reference(args.scene, os.path.join(run_dir, 'reference'))
    # fbmmap.ko at 16 bpp, a DRM plane offering RGB565: the same scene in RGB565.
    refs565 = render_reference(args.scene, os.path.join(run_dir, 'reference-rgb565'), 'rgb565')
    references = {('xrgb8888', 0): refs, ('rgb565', 0): refs565}
    hashes = [refs[k][1] for k in refs]
    checks.check('reference_frames_differ', len(set(hashes)) == len(hashes),
                 'reference hashes %s' % ', '.join(hashes))
    rotations = sorted({screen[3] for screen in run['screens'] if len(screen) > 3})
    for rotation in rotations:
        references[('xrgb8888', rotation)] = render_reference(
            args.scene, os.path.join(run_dir, 'reference-r%d' % rotation), rotation=rotation)
    if rotations:
        # Every angle turns the picture differently, and differently from the unrotated one.
        firsts = [references[('xrgb8888', r)][1][1] for r in [0] + rotations]
        checks.check('reference_rotations_differ', len(set(firsts)) == len(firsts),
                     'frame 1 hashes at %s: %s' % ([0] + rotations, ', '.join(firsts)))
        for rotation in [0] + rotations:
            check_reference_oriented(checks, rotation, references[('xrgb8888', rotation)][1][0])
    drag_refs = {}
    if args.drag_demo and args.run == 'drm_bochs_rotated':
        args.rotated_recording = rotated_drag_recording(
            args.drag_recording, os.path.join(run_dir, 'drag-rotated.evemu'))
        drag_refs = rotated_drag_references(args, os.path.join(run_dir, 'reference-drag'))

    kernel = qh.find_debian_kernel(args.kernel_version)
    vmlinux = qh.extract_vmlinux(kernel.image, os.path.join(os.path.abspath(args.build_dir),
                                                            'cache'))
    drag_body = ROTATED_DRAG_BODY if args.run == 'drm_bochs_rotated' else DRAG_BODY
    body = run['body'] + ('\n' + drag_body if args.drag_demo else '')
    initrd = build_initramfs(args, kernel, run['modules'], body,
                             os.path.join(run_dir, 'initrd.gz'))
    append = 'console=ttyS0 loglevel=3 panic=-1 mitigations=off'
    if args.run == 'fbdev_fbmmap':
        append += ' fbcon=map:1 memmap=16M$%s' % REGION_BASE
    log_path = os.path.join(run_dir, 'console.log')

    with qh.QemuVM(vmlinux, initrd, append=append, memory=512, qmp=True,
                   extra_args=run['device'], log_path=log_path, echo=args.verbose) as vm:
        drag_shots = {}
        try:
            formats = []
            if run['screens'] and run['screens'][0][0] == 'drm':
                vm.wait_for(r'E2E-STATUS info \d+', args.timeout)
                formats = plane_formats(vm.lines) or []
            for screen in run['screens']:
                tag, frames, pixel_format = screen[:3]
                rotation = screen[3] if len(screen) > 3 else 0
                if pixel_format != 'xrgb8888' and pixel_format not in formats:
                    continue  # the guest checks the refusal instead
                for k in range(1, frames + 1):
                    vm.wait_for(r'E2E-SHOW %s %d' % (re.escape(tag), k), args.timeout)
                    dump_and_compare(vm, run_dir, tag, k,
                                     references[(pixel_format, rotation)][k][0], checks)
                    vm.send('\n')
            for tag, _, rotation in (ROTATED_DRAGS if drag_refs else []):
                for k in ROTATED_DRAG_PAUSES:
                    vm.wait_for(r'E2E-DRAG %s FBDEMO-PAUSE %d$' % (re.escape(tag), k),
                                args.timeout)
                    drag_shots[(tag, k)] = dump_and_compare(
                        vm, run_dir, 'drag-' + tag, k, drag_refs[rotation][0][k], checks,
                        keep=True)
                    vm.send('\n')
            vm.wait_for(r'E2E-ALL-DONE', args.timeout)
            exited = vm.wait_exit(30)
        except qh.HarnessError as e:
            checks.check('guest_progress', False, '%s (console log %s)' % (e, log_path))
            exited = False
        lines = list(vm.lines)
        trouble = vm.trouble()
        vm_time = vm.elapsed

    errors = [l for l in lines if 'E2E-ERROR' in l or 'E2E-MISSING' in l]
    if args.run == 'drm_bochs':
        check_frames(lines, checks, 'drm', 2)
        # DRM's fbdev emulation pans without flipping: one buffer, drawn on screen.
        check_frames(lines, checks, 'fbdev', 1, single=True)
        check_run_bochs(lines, checks)
        if args.drag_demo:
            check_drag(lines, checks, args)
    elif args.run == 'drm_bochs_rotated':
        check_run_rotated(lines, checks)
        if drag_refs:
            check_rotated_drag(lines, checks, args, drag_refs, drag_shots)
    elif args.run == 'drm_virtio':
        check_frames(lines, checks, 'drm', 2)
        check_frames(lines, checks, 'drm1', 1, single=True)
        check_run_virtio(lines, checks)
    else:
        check_status(lines, checks, 'insmod', 0)
        check_status(lines, checks, 'insmod565', 0)
        check_frames(lines, checks, 'fbmmap', 2)
        check_run_fbmmap(lines, checks, refs)
        check_frames(lines, checks, 'fbmmap565', 2)
        check_run_fbmmap(lines, checks, refs565, 'fbmmap565', 2, 'rgb565')
    checks.check('guest_no_errors', not errors, '; '.join(errors) or 'none')
    checks.check_guest_end(exited, vm_time, trouble)

    return checks.report('e2e %s' % args.run, vm_time, t0, log_path)


if __name__ == '__main__':
    exit_with(main, 'e2e')
