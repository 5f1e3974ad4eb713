#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end display tests: the test scene in a QEMU guest against the headless reference.

    python3 tests/e2e/run_e2e.py --build-dir DIR --scene e2e_scene --info fb-info \\
        --run drm_bochs|drm_virtio|fbdev_fbmmap [--ko fbmmap.ko]
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
               displays' own poll_input()), ending where the same run ends headless on the
               host; without input devices (the guest has none), still running.
  drm_virtio   virtio-gpu-pci 1024x600: DRM with 2 buffers, with 3 (4 frames), RGB565 or its
               refusal as on bochs, and with 1 buffer (drawn on screen, shown through
               drmModeDirtyFB).
Both DRM runs first print fb-info's report (E2E-INFO lines): the formats the primary plane
scans out decide whether the RGB565 frames are compared or the refusal is checked.
  fbdev_fbmmap fbmmap.ko's virtual back end: no scanout to dump, so the guest reads the
               memory back with read() at the driver's scanout offset; that must be the buffer
               the backend drew, hash-equal to the reference, one flip per frame.
Prints one line per check and exits 0 only if all passed.
"""

import argparse
import os
import re
import subprocess
import sys
import time

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

def render_reference(scene, out_dir, pixel_format='xrgb8888'):
    os.makedirs(out_dir, exist_ok=True)
    proc = subprocess.run([scene, '--backend', 'headless', '--mode', '%dx%d' % (WIDTH, HEIGHT),
                           '--format', pixel_format, '--frames', str(REFERENCE_FRAMES),
                           '--reference-dir', out_dir],
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

# Screens compared, in the guest's order: (tag, frames, reference format). drm565 only when the
# plane offers rgb565 (see DRM_RGB565).
DRM_SCREENS = [('drm', FRAMES, 'xrgb8888'), ('drm3', TRIPLE_FRAMES, 'xrgb8888'),
               ('drm565', FRAMES, 'rgb565')]

RUNS = {
    'drm_bochs': dict(modules=['bochs', 'vfb'], body=BOCHS_BODY,
                      screens=DRM_SCREENS + [('fbdev', FRAMES, 'xrgb8888')],
                      device=['-device', 'bochs-display,xres=1024,yres=600']),
    'drm_virtio': dict(modules=['virtio_pci', 'virtio-gpu'], body=VIRTIO_BODY,
                       screens=DRM_SCREENS + [('drm1', FRAMES, 'xrgb8888')],
                       device=['-device', 'virtio-gpu-pci,xres=1024,yres=600']),
    'fbdev_fbmmap': dict(modules=[], body=FBMMAP_BODY, screens=[], device=[]),
}


def dump_and_compare(vm, run_dir, tag, frame, ref_path, checks):
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
    else:
        os.remove(shot)
    checks.check('%s_frame%d_screen' % (tag, frame), equal, detail)


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
                                        '(drm_bochs run)')
    ap.add_argument('--drag-recording', help='the touch recording fbdemo-drag replays')
    ap.add_argument('--timeout', type=float, default=180)
    ap.add_argument('-v', '--verbose', action='store_true', help='echo the guest console')
    args = ap.parse_args()
    if args.run != 'drm_bochs' or not args.drag_recording:
        args.drag_demo = None
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
    references = {'xrgb8888': refs, 'rgb565': refs565}
    hashes = [refs[k][1] for k in refs]
    checks.check('reference_frames_differ', len(set(hashes)) == len(hashes),
                 'reference hashes %s' % ', '.join(hashes))

    kernel = qh.find_debian_kernel(args.kernel_version)
    vmlinux = qh.extract_vmlinux(kernel.image, os.path.join(os.path.abspath(args.build_dir),
                                                            'cache'))
    body = run['body'] + ('\n' + DRAG_BODY if args.drag_demo else '')
    initrd = build_initramfs(args, kernel, run['modules'], body,
                             os.path.join(run_dir, 'initrd.gz'))
    append = 'console=ttyS0 loglevel=3 panic=-1 mitigations=off'
    if args.run == 'fbdev_fbmmap':
        append += ' fbcon=map:1 memmap=16M$%s' % REGION_BASE
    log_path = os.path.join(run_dir, 'console.log')

    with qh.QemuVM(vmlinux, initrd, append=append, memory=512, qmp=True,
                   extra_args=run['device'], log_path=log_path, echo=args.verbose) as vm:
        try:
            formats = []
            if run['screens'] and run['screens'][0][0] == 'drm':
                vm.wait_for(r'E2E-STATUS info \d+', args.timeout)
                formats = plane_formats(vm.lines) or []
            for tag, frames, pixel_format in run['screens']:
                if pixel_format != 'xrgb8888' and pixel_format not in formats:
                    continue  # the guest checks the refusal instead
                for k in range(1, frames + 1):
                    vm.wait_for(r'E2E-SHOW %s %d' % (re.escape(tag), k), args.timeout)
                    dump_and_compare(vm, run_dir, tag, k, references[pixel_format][k][0],
                                     checks)
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
