# SPDX-License-Identifier: MIT
"""The emulated ARM board (QEMU vexpress-a9 with its PL111 LCD) for the board tests and the
main job (stdlib only; builds on tests/qemu/qemu_harness.py and tests/e2e/run_e2e.py).

Pieces:

* BoardFiles        - what a board run boots and packs: the kernel's cache directory
                      (zImage, stock DTB), the derived memory-region DTB, fbmmap.ko, the
                      staged armhf rootfs, the static ARM fbtest and pte_memtype.ko
* build_initramfs() - the rootfs, the modules and test programs, and an /init whose body
                      is the given shell script (GUEST_LIB's functions available)
* boot()            - QemuVM for the board: qemu-system-arm -M vexpress-a9, TCG, QMP
* GUEST_LIB         - shell functions for /init: load the module, find the framebuffer
                      whose device is the core-tile PL111 (10020000.clcd, QEMU's console 0,
                      the display screendump sees), run a demo with --pause-at so that the
                      host can take a screendump at each pause, with the driver's counters
                      printed before and after each pause
* references        - the host's headless frames (PPM) of a demo, converted the way QEMU's
                      PL111 model turns RGB565 into its 32-bit console surface
* write_png()       - PPM pixels as PNG (the main job keeps what the LCD showed)

Guest/host protocol (all on the serial console):
  BOARD-FB fbN <device path> <backend>            the framebuffer found
  BOARD-START <tag> flip=.. vblank=.. missed=.. scanout=..
  BOARD-PAUSE <tag> <frame> <counters>            the demo waits: the host dumps the screen
  (host writes a line)                            releases it
  BOARD-RESUME <tag> <frame> <counters>
  BOARD-OUT <tag> <line>                          what the demo printed
  BOARD-END <tag> <exit status> <counters>
  BOARD-HOLD <tag> <counters>                     (main job) the demo holds its last frame
  BOARD-DEBUG debug_locks=1                       at the end: lockdep still watching
  BOARD-STATUS <tag> <exit status>                a shell step's status
"""

import concurrent.futures
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True     # nothing written into the source tree
sys.path.insert(0, os.path.join(SRC, 'tests', 'qemu'))
sys.path.insert(0, os.path.join(SRC, 'tests', 'e2e'))

import qemu_harness as qh  # noqa: E402
from run_e2e import (Checks, compare_images, dump_and_compare, exit_with,  # noqa: E402,F401
                     save_mismatch, write_ppm)

WIDTH, HEIGHT = 1024, 600
CLCD_DEVICE = '10020000.clcd'          # the core tile's PL111: QEMU's console 0
DEMOS = ['sprites', 'dashboard', 'plasma', 'ticker', 'drag']
BOARD_DIR = os.path.join(SRC, 'board', 'vexpress-a9')
# The device-tree pool the derived DTB hands to the core-tile PL111 (/reserved-memory/vram).
VRAM_POOL = ('0x4c000000', '0x800000')


class BoardFiles:
    """Paths of everything a board run needs; missing optional parts are None."""

    def __init__(self, kernel_dir, rootfs=None, ko=None, derived_dtb=None, fbtest=None,
                 pte_ko=None, busybox=None):
        self.kernel_dir = os.path.abspath(kernel_dir)
        self.zimage = os.path.join(self.kernel_dir, 'zImage')
        self.stock_dtb = os.path.join(self.kernel_dir, 'vexpress-v2p-ca9.dtb')
        self.rootfs = rootfs
        self.ko = ko
        self.derived_dtb = derived_dtb
        self.fbtest = fbtest
        self.pte_ko = pte_ko
        self.busybox = busybox or (os.path.join(rootfs, 'bin', 'busybox') if rootfs else None)
        for path in (self.zimage, self.stock_dtb):
            if not os.path.isfile(path):
                raise qh.HarnessError('%s missing: is %s a finished board-kernel build '
                                      '(board/vexpress-a9/build-kernel.sh)?'
                                      % (path, self.kernel_dir))

    @staticmethod
    def add_arguments(ap):
        ap.add_argument('--kernel-dir', help='the board kernel\'s cache directory (default: run '
                        'board/vexpress-a9/build-kernel.sh, which prints it)')
        ap.add_argument('--kernel-dir-file', help='a file holding that directory (the build '
                        'writes one)')
        ap.add_argument('--rootfs', help='the staged armhf rootfs (build-userspace.sh)')
        ap.add_argument('--rootfs-file', help='a file holding that directory')
        ap.add_argument('--ko', help='fbmmap.ko built for the board kernel')
        ap.add_argument('--derived-dtb', help='the memory-region DTB (derive-dtb.sh)')
        ap.add_argument('--fbtest', help='static ARM fbtest')
        ap.add_argument('--pte-ko', help='pte_memtype.ko built for the board kernel')
        ap.add_argument('--busybox', help='static ARM busybox (default: the rootfs\'s)')

    @classmethod
    def from_args(cls, args):
        kernel_dir = args.kernel_dir or read_path_file(args.kernel_dir_file) or kernel_cache_dir()
        rootfs = args.rootfs or read_path_file(args.rootfs_file)
        return cls(kernel_dir, rootfs=rootfs, ko=args.ko, derived_dtb=args.derived_dtb,
                   fbtest=args.fbtest, pte_ko=args.pte_ko, busybox=args.busybox)

    def require(self, *names):
        """HarnessError naming what is missing among the named attributes."""
        missing = [n for n in names if not getattr(self, n) or not os.path.exists(getattr(self, n))]
        if missing:
            raise qh.HarnessError('board run needs %s: %s' % (
                ', '.join(missing), '; '.join('%s=%s' % (n, getattr(self, n)) for n in missing)))


def read_path_file(path):
    if not path:
        return None
    if not os.path.isfile(path):
        raise qh.HarnessError('%s missing (written by the build)' % path)
    with open(path) as f:
        value = f.read().strip()
    return value or None


def kernel_cache_dir(echo=False):
    """Runs build-kernel.sh (seconds when cached, minutes the first time) and returns the
    cache directory it prints last."""
    proc = subprocess.run([os.path.join(BOARD_DIR, 'build-kernel.sh')], stdout=subprocess.PIPE,
                          stderr=None if echo else subprocess.PIPE, universal_newlines=True,
                          check=False)
    if proc.returncode != 0:
        raise qh.HarnessError('build-kernel.sh failed:\n%s' % (proc.stderr or ''))
    return proc.stdout.strip().splitlines()[-1]


# --- The initramfs ---------------------------------------------------------------------------

def add_tree(rd, root, prefix=''):
    """Every directory, file and symlink under root, at the same paths in the guest."""
    root = os.path.abspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        guest_dir = prefix + ('/' if rel == '.' else '/' + rel)
        if rel != '.':
            rd.add_dir(guest_dir)
        for name in dirnames + filenames:
            host = os.path.join(dirpath, name)
            guest = guest_dir.rstrip('/') + '/' + name
            if os.path.islink(host):
                rd.add_symlink(guest, os.readlink(host))
            elif os.path.isfile(host):
                rd.add_file(guest, host)


# Shell functions for /init (busybox sh). The demo runs with its stdin and stdout on FIFOs so
# that the shell can print the driver's counters at each pause before the host sees the marker.
GUEST_LIB = r'''
FB=; D=
find_fb() {
  FB=
  for i in 0 1 2 3 4 5 6 7 8 9 10 20 30 40 50; do
    for f in /sys/class/graphics/fb*; do
      [ -e "$f/device" ] || continue
      case "$(readlink -f "$f/device")" in
        */%(clcd)s) FB=${f##*/};;
      esac
    done
    [ -n "$FB" ] && [ -e /dev/$FB ] && break
    sleep 0.1
  done
  if [ -z "$FB" ]; then
    echo "BOARD-FB none $(ls /sys/class/graphics 2>&1)"
    return 1
  fi
  D=/sys/class/graphics/$FB/device
  echo "BOARD-FB $FB $(readlink -f $D) $(cat $D/backend 2>&1)"
}
counters() {
  echo "flip=$(cat $D/flip_count) vblank=$(cat $D/vblank_count) missed=$(cat $D/missed_flips)" \
       "scanout=$(cat $D/scanout_offset)"
}
status() { echo "BOARD-STATUS $1 $2"; }
# Lockdep turns itself off after its first report; 1 here means it watched the whole run.
debug_state() {
  echo "BOARD-DEBUG debug_locks=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats 2>&1)"
}
run_demo() {
  tag=$1; shift
  rm -f /tmp/demo-in /tmp/demo-out
  mkfifo /tmp/demo-in /tmp/demo-out
  echo "BOARD-START $tag $(counters)"
  "$@" < /tmp/demo-in > /tmp/demo-out 2>&1 &
  pid=$!
  exec 3> /tmp/demo-in
  while IFS= read -r line; do
    case "$line" in
      FBDEMO-PAUSE\ *)
        n=${line#FBDEMO-PAUSE }
        echo "BOARD-PAUSE $tag $n $(counters)"
        read -r ack < /dev/console
        echo "BOARD-RESUME $tag $n $(counters)"
        echo >&3;;
      *) echo "BOARD-OUT $tag $line";;
    esac
  done < /tmp/demo-out
  exec 3>&-
  wait $pid
  echo "BOARD-END $tag $? $(counters)"
}
# The main job: the demo plays paced (--seconds, --hold); when it holds its last frame the host
# takes the screendump, then SIGTERM ends the hold and the demo prints its --stats.
play_demo() {
  tag=$1; shift
  rm -f /tmp/demo-out
  mkfifo /tmp/demo-out
  echo "BOARD-START $tag $(counters)"
  "$@" < /dev/null > /tmp/demo-out 2>&1 &
  pid=$!
  while IFS= read -r line; do
    case "$line" in
      *"holding the last frame"*)
        echo "BOARD-HOLD $tag $(counters)"
        read -r ack < /dev/console
        kill -TERM $pid;;
      *) echo "BOARD-OUT $tag $line";;
    esac
  done < /tmp/demo-out
  wait $pid
  echo "BOARD-END $tag $? $(counters)"
}
''' % {'clcd': CLCD_DEVICE}


def build_initramfs(files, body, path, extra=None, with_rootfs=True):
    """The rootfs (if any and with_rootfs), busybox, fbmmap.ko as /fbmmap.ko, fbtest as /fbtest,
    pte_memtype.ko as /pte_memtype.ko (when given), extra {guest path: host path}, and /init
    running GUEST_LIB then body."""
    rd = qh.Initramfs()
    if files.rootfs and with_rootfs:
        add_tree(rd, files.rootfs)
    if not files.busybox or not os.path.isfile(files.busybox):
        raise qh.HarnessError('no static ARM busybox (%s): the rootfs should have /bin/busybox'
                              % files.busybox)
    rd.add_busybox(files.busybox)
    for guest, host in (('/fbmmap.ko', files.ko), ('/fbtest', files.fbtest),
                        ('/pte_memtype.ko', files.pte_ko)):
        if host:
            rd.add_file(guest, host, 0o755 if guest == '/fbtest' else 0o644)
    for guest, host in (extra or {}).items():
        rd.add_file(guest, host)
    # Not add_init's usual ending, poweroff: it trips lockdep on this board in the kernel's own
    # vexpress reset driver (vexpress_reset_do() takes a mutex from an atomic notifier: "BUG:
    # Invalid wait context"), which would hide whether fbmmap is clean. The guest halts instead
    # and the host ends QEMU (finish()).
    rd.add_init('\n'.join([GUEST_LIB, body, 'debug_state']),
                end='echo BOARD-HALT\nwhile :; do sleep 3600; done')
    return rd.write(path)


def finish(vm, timeout):
    """Waits for the guest to halt (BOARD-HALT, after its last step), then quits QEMU through
    QMP. True if the guest got there and QEMU exited."""
    try:
        vm.wait_for(r'^BOARD-HALT', timeout)
    except qh.HarnessError:
        return False
    try:
        vm.qmp('quit')
    except (qh.HarnessError, OSError):
        pass    # QEMU closes the socket as it quits
    return vm.wait_exit(30)


def check_end(checks, vm, finished):
    """The checks every board run ends with: the guest ran to its end, the console is clean."""
    checks.check('guest_finished', finished, 'guest %s after %.1f s' % (
        'halted after its last step, QEMU quit' if finished else 'did not finish, QEMU killed',
        vm.elapsed))
    state = [l for l in vm.lines if 'BOARD-DEBUG ' in l]
    checks.check('lockdep_on_to_the_end', state and state[-1].endswith(' debug_locks=1'),
                 state[-1].split('BOARD-DEBUG ', 1)[1] if state else 'no BOARD-DEBUG line')
    trouble = vm.trouble()
    checks.check('console_clean', not trouble, '%d bad line(s): %s' % (len(trouble), trouble[0])
                 if trouble else 'no WARN/BUG/oops, lockdep, DMA-API or atomic-sleep report')


# --- Booting ---------------------------------------------------------------------------------

def seeded_dtb(dtb, work_dir):
    """A copy of dtb with /chosen/rng-seed, as a bootloader gives one: the kernel credits it
    (RANDOM_TRUST_BOOTLOADER), so the first getrandom() in the guest does not spend 8 s of
    emulated CPU making jitter entropy. Nothing else in the tree changes."""
    out = os.path.join(os.path.abspath(work_dir), 'boot-' + os.path.basename(dtb))
    shutil.copyfile(dtb, out)
    seed = ['%02x' % b for b in os.urandom(64)]
    subprocess.run([find_tool('fdtput', 'device-tree-compiler'), '-t', 'bx', out, '/chosen',
                    'rng-seed'] + seed, check=True)
    return out


def boot(files, initrd, dtb=None, log_path=None, echo=False, display='none', append_extra='',
         memory=512, cpus=1):
    """A QemuVM (not started) for the board: vexpress-a9 (its Cortex-A9 MPCore with `cpus`
    cores), TCG, QMP on, serial console. The DTB (default the stock one) gets an rng-seed
    (seeded_dtb) next to the initrd."""
    append = 'console=ttyAMA0 panic=-1 loglevel=5 ' + append_extra
    dtb = seeded_dtb(dtb or files.stock_dtb, os.path.dirname(os.path.abspath(initrd)))
    return qh.QemuVM(files.zimage, initrd, append=append.strip(), memory=memory, smp=cpus,
                     qmp=True,
                     qemu='qemu-system-arm', machine_args=['-M', 'vexpress-a9'],
                     accel=['-accel', 'tcg'], dtb=dtb,
                     # The board's PL041 sound has no host audio: no ALSA probing, no warning.
                     extra_args=['-audiodev', 'none,id=snd0', '-global', 'pl041.audiodev=snd0'],
                     display=display,
                     log_path=log_path, echo=echo)


COUNTERS = re.compile(r'flip=(-?\d+) vblank=(-?\d+) missed=(-?\d+) scanout=(-?\d+)')


def parse_counters(text):
    m = COUNTERS.search(text)
    if not m:
        return None
    return dict(zip(('flip', 'vblank', 'missed', 'scanout'), map(int, m.groups())))


# --- Reference frames ------------------------------------------------------------------------

def demo_binary(build_dir, demo):
    path = os.path.join(build_dir, 'demos', 'fbdemo-' + demo)
    if not os.access(path, os.X_OK):
        raise qh.HarnessError('%s missing: build the host demos first' % path)
    return path


def rgb565_as_pl111(rgb):
    """The colours QEMU's PL111 shows for an RGB565 frame whose PPM came from libfb's
    argb_from_pixel: libfb widens 5/6-bit channels by bit replication, QEMU's PL111 model
    (hw/display/pl110_template.h, draw_line16 with the BGR bit) shifts them left and leaves the
    low bits 0, so r8 = r5 << 3, g8 = g6 << 2, b8 = b5 << 3. The top bits are the pixel's."""
    out = bytearray(rgb)
    keep5 = bytes(v & 0xf8 for v in range(256))
    keep6 = bytes(v & 0xfc for v in range(256))
    out[0::3] = out[0::3].translate(keep5)
    out[1::3] = out[1::3].translate(keep6)
    out[2::3] = out[2::3].translate(keep5)
    return bytes(out)


def render_reference(demo_bin, out_path, frames, pixel_format='xrgb8888', extra=None,
                     prefix=None, env_extra=None):
    """Frame `frames` of a fixed-step run, headless on the host, as the PL111 would show it
    (PPM). prefix: a command to run the demo under (qemu-arm for the armhf build). Returns
    out_path."""
    raw = out_path + '.raw.ppm'
    cmd = (prefix or []) + [demo_bin, '--backend', 'headless', '--size', '%dx%d' % (WIDTH, HEIGHT),
                            '--fps', '0', '--frames', str(frames), '--format', pixel_format,
                            '--screenshot', raw]
    cmd += extra or ['--input', 'none']
    env = dict(os.environ, **(env_extra or {}))
    env.pop('FB_BACKEND', None)
    env.pop('FB_INPUT', None)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, env=env, check=False)
    if proc.returncode != 0:
        raise qh.HarnessError('reference %s failed (%d):\n%s'
                              % (' '.join(cmd), proc.returncode, proc.stdout))
    w, h, rgb = qh.read_ppm(raw)
    if pixel_format == 'rgb565':
        rgb = rgb565_as_pl111(rgb)
    write_ppm(out_path, w, h, rgb)
    os.remove(raw)
    return out_path


def headless_report(build_dir, demo, flags):
    """What a demo prints running headless on the host with flags (its report lines)."""
    env = dict(os.environ)
    env.pop('FB_BACKEND', None)
    env.pop('FB_INPUT', None)
    cmd = [demo_binary(build_dir, demo), '--backend', 'headless', '--size',
           '%dx%d' % (WIDTH, HEIGHT), '--fps', '0'] + flags
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, env=env, check=False)
    if proc.returncode != 0:
        raise qh.HarnessError('%s failed (%d):\n%s' % (' '.join(cmd), proc.returncode,
                                                       proc.stdout))
    return [l.strip() for l in proc.stdout.splitlines()]


def explain_mismatch(rootfs, demo, frame, pixel_format, screen, work_dir):
    """When the LCD differs from the x86 reference: is it the display path or what the ARM
    build draws? Renders the frame headless with the board's own armhf build under qemu-arm
    on the host, with its NEON kernels and with libfb's scalar kernels and pixman's generic
    code, and compares the screendump with both. Returns a sentence, or None without
    qemu-arm."""
    qemu_arm = shutil.which('qemu-arm')
    if not qemu_arm or not rootfs:
        return None
    binary = os.path.join(rootfs, 'usr', 'bin', 'fbdemo-' + demo)
    prefix = [qemu_arm, '-cpu', 'cortex-a9', '-L', rootfs]
    stem = os.path.join(work_dir, 'armhf-%s-%s-%d' % (demo, pixel_format, frame))
    neon = render_reference(binary, stem + '.ppm', frame, pixel_format, prefix=prefix)
    generic = render_reference(binary, stem + '-generic.ppm', frame, pixel_format, prefix=prefix,
                               env_extra={'FB_RASTER_KERNELS': 'scalar',
                                          'PIXMAN_DISABLE': 'arm-simd arm-neon'})
    lcd_is_arm, detail, _ = compare_images(screen, neon)
    same_paths, detail2, _ = compare_images(neon, generic)
    if lcd_is_arm:
        return ('the LCD equals the frame the board\'s armhf build draws headless (qemu-arm): '
                'the display path is exact, the ARM build draws this frame differently from '
                'the x86 build; armhf with NEON vs scalar/generic kernels: %s' % detail2)
    return ('the LCD also differs from the armhf build\'s headless frame (%s): the display '
            'path is at fault; armhf NEON vs scalar/generic kernels: %s' % (detail, detail2))


class References:
    """Headless reference frames rendered in the background (the host's second core) while the
    board boots. get(demo, frame) waits for that one."""

    def __init__(self, build_dir, out_dir, pixel_format, wanted, extra=None, armhf=None):
        """wanted: {demo: [frame, ...]}; extra: {demo: [flags]} instead of --input none.
        armhf: {demo: rootfs} for demos whose reference is the board's own armhf build run
        under qemu-arm on this host instead of the host's build."""
        os.makedirs(out_dir, exist_ok=True)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
        self._futures = {}
        for demo, frames in wanted.items():
            rootfs = (armhf or {}).get(demo)
            if rootfs:
                binary = os.path.join(rootfs, 'usr', 'bin', 'fbdemo-' + demo)
                prefix = [find_tool('qemu-arm', 'qemu-user'), '-cpu', 'cortex-a9', '-L', rootfs]
            else:
                binary, prefix = demo_binary(build_dir, demo), None
            for frame in frames:
                path = os.path.join(out_dir, '%s-%s-%d%s.ppm' % (
                    demo, pixel_format, frame, '-armhf' if rootfs else ''))
                self._futures[(demo, frame)] = self._pool.submit(
                    render_reference, binary, path, frame, pixel_format,
                    (extra or {}).get(demo), prefix)

    def get(self, demo, frame):
        return self._futures[(demo, frame)].result()

    def close(self):
        self._pool.shutdown(wait=True)


# --- Images ----------------------------------------------------------------------------------

def write_png(path, width, height, rgb):
    """8-bit RGB PNG of the pixels (no filter; zlib does the work)."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    row = width * 3
    raw = b''.join(b'\0' + rgb[y * row:(y + 1) * row] for y in range(height))
    png = (b'\x89PNG\r\n\x1a\n' +
           chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)) +
           chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(png)
    os.replace(tmp, path)
    return path


def ppm_to_png(ppm, png):
    w, h, rgb = qh.read_ppm(ppm)
    return write_png(png, w, h, rgb)


def find_tool(name, package):
    path = shutil.which(name)
    if not path:
        raise qh.HarnessError('%s not found: install %s' % (name, package))
    return path
