# SPDX-License-Identifier: MIT
"""Reusable QEMU harness for tests that boot Debian's kernel (stdlib only).

Pieces, usable on their own:

* find_debian_kernel()  - /boot/vmlinuz-<ver>-amd64 and /lib/modules/<ver>
* extract_vmlinux()     - uncompressed ELF vmlinux from a bzImage, cached
                          (QEMU boots it through PVH, ~2x faster under TCG)
* module_files()        - the .ko chain of a stock module (modprobe
                          --show-depends), decompressed if needed
* Initramfs             - a gzip'ed cpio (newc) written in pure Python:
                          busybox-static, an /init, /dev/console, extra files
* accel_args()          - '-accel kvm' only if KVM really works, else TCG
* QemuVM                - runs QEMU with the serial console on stdio, reads
                          its lines in a thread, waits for patterns with
                          timeouts, writes to the guest's console (marker /
                          ack synchronisation), optional QMP (screendump),
                          always kills QEMU on exit or error.

Typical use::

    kernel = find_debian_kernel()
    vmlinux = extract_vmlinux(kernel.image, cache_dir)
    rd = Initramfs()
    rd.add_busybox()
    rd.add_file('/test', 'build/test', mode=0o755)
    rd.add_init('exec /test')
    rd.write('build/initrd.gz')
    with QemuVM(vmlinux, 'build/initrd.gz', append='console=ttyS0',
                qmp=True, extra_args=['-device', 'bochs-display']) as vm:
        vm.wait_for(r'^READY', timeout=60)
        vm.screendump('build/shot.ppm')
        vm.send('\\n')            # releases a guest blocked on `read`
        vm.wait_exit(timeout=60)
"""

import glob
import gzip
import hashlib
import json
import lzma
import os
import queue
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

XZ_MAGIC = b'\xfd7zXZ\x00'

# Lines on the console that mean the kernel is in trouble: WARN/BUG/oops/panic, stack dumps
# (x86 "Call Trace", ARM's unwinder lines), lockdep's reports (their banners start
# "WARNING: possible ...", "WARNING: inconsistent ...", ...), DEBUG_ATOMIC_SLEEP's "BUG: sleeping
# function called from invalid context" and DMA-API debugging's reports (its two boot lines are
# not trouble).
KERNEL_TROUBLE = re.compile(
    r'(WARNING: CPU|WARNING: .* at |BUG: |kernel BUG|Oops|KASAN|UBSAN|'
    r'Call Trace|general protection fault|Kernel panic|'
    r'Unable to handle kernel|'
    r'unwind_backtrace\)? from |'
    r'WARNING: (possible|inconsistent|suspicious|bad unlock|held lock|lock held|Nested lock|'
    r'\S+-safe -> )|DEBUG_LOCKS_WARN_ON|INFO: trying to register non-static key|'
    r'DMA-API: (?!preallocated \d+ debug entries|debugging enabled by kernel config))')


def find_match(lines, pattern):
    """The first match of the regular expression pattern in console lines,
    or None."""
    rx = re.compile(pattern)
    for line in lines:
        m = rx.search(line)
        if m:
            return m
    return None


class HarnessError(Exception):
    """A problem with the test set-up (not a test failure)."""


class KernelInfo:
    """A kernel image and its modules."""

    def __init__(self, version, image, modules_dir):
        self.version = version
        self.image = image
        self.modules_dir = modules_dir

    @property
    def build_dir(self):
        """The headers directory out-of-tree modules are built against."""
        return os.path.join(self.modules_dir, 'build')

    def __repr__(self):
        return 'KernelInfo(%r, %r)' % (self.version, self.image)


def find_tool(name):
    """Path of a tool, also looking in the sbin directories a non-root
    PATH may lack (modprobe, modinfo)."""
    path = shutil.which(name)
    if path:
        return path
    for d in ('/usr/sbin', '/sbin', '/usr/bin', '/bin'):
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    raise HarnessError('%s not found' % name)


def _version_key(ver):
    return [int(x) if x.isdigit() else x for x in re.split(r'[.-]', ver)]


def find_debian_kernel(version=None, flavour='amd64', need_headers=False):
    """Find Debian's kernel image and module tree.

    version: exact version (e.g. '6.1.0-26-amd64'); default the newest
    /boot/vmlinuz-*-<flavour> that has a /lib/modules/<ver> directory
    (and, with need_headers, a /lib/modules/<ver>/build to build
    out-of-tree modules against).
    """
    if version:
        candidates = [version]
    else:
        candidates = [os.path.basename(p)[len('vmlinuz-'):]
                      for p in glob.glob('/boot/vmlinuz-*-' + flavour)]
        candidates.sort(key=_version_key, reverse=True)
    for ver in candidates:
        image = '/boot/vmlinuz-' + ver
        mods = '/lib/modules/' + ver
        if need_headers and not os.path.isfile(os.path.join(mods, 'build',
                                                            'Makefile')):
            continue
        if os.path.isfile(image) and os.path.isdir(mods):
            return KernelInfo(ver, image, mods)
    raise HarnessError('no Debian kernel found (/boot/vmlinuz-*-%s with '
                       '/lib/modules/<ver>%s); install linux-image-%s%s'
                       % (flavour, '/build' if need_headers else '', flavour,
                          ' and linux-headers-' + flavour
                          if need_headers else ''))


def extract_vmlinux(bzimage, cache_dir):
    """Return the path of the uncompressed vmlinux inside bzimage.

    The result is cached in cache_dir, keyed on the image's name, size
    and mtime. Needs the xz tool (package xz-utils).
    """
    st = os.stat(bzimage)
    key = hashlib.sha256(('%s:%d:%d' % (os.path.realpath(bzimage),
                                        st.st_size, st.st_mtime_ns))
                         .encode()).hexdigest()[:16]
    os.makedirs(cache_dir, exist_ok=True)
    out = os.path.join(cache_dir, 'vmlinux-%s' % key)
    if os.path.isfile(out):
        return out
    with open(bzimage, 'rb') as f:
        data = f.read()
    start = 0
    while True:
        pos = data.find(XZ_MAGIC, start)
        if pos < 0:
            raise HarnessError('no xz stream with an ELF image in %s'
                               % bzimage)
        proc = subprocess.run(['xz', '-dc', '--single-stream'],
                              input=data[pos:], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=False)
        if proc.stdout[:4] == b'\x7fELF':
            break
        start = pos + 1
    tmp = out + '.tmp%d' % os.getpid()
    with open(tmp, 'wb') as f:
        f.write(proc.stdout)
    os.replace(tmp, out)
    return out


def module_files(kernel, name):
    """The .ko files (dependencies first) that load stock module name.

    Returns a list of (path in the guest, bytes) with .ko.xz/.ko.gz/.ko.zst
    decompressed (.zst needs the zstd tool), ready for Initramfs.add_bytes.
    Built-in modules give nothing. Uses `modprobe -S <ver> --show-depends`
    (package kmod).
    """
    proc = subprocess.run([find_tool('modprobe'), '-S', kernel.version,
                           '--show-depends', name],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    if proc.returncode:
        raise HarnessError('modprobe --show-depends %s: %s'
                           % (name, proc.stderr.strip()))
    result = []
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2 or parts[0] != 'insmod':
            continue
        path = parts[1]
        base = os.path.basename(path)
        if path.endswith('.xz'):
            with lzma.open(path) as f:
                data = f.read()
            base = base[:-3]
        elif path.endswith('.gz'):
            with gzip.open(path) as f:
                data = f.read()
            base = base[:-3]
        elif path.endswith('.zst'):
            data = subprocess.run(['zstd', '-dc', path],
                                  stdout=subprocess.PIPE,
                                  check=True).stdout
            base = base[:-4]
        else:
            with open(path, 'rb') as f:
                data = f.read()
        result.append(('/lib/modules/' + base, data))
    return result


class Initramfs:
    """A cpio (newc) archive built in memory, written gzip-compressed.

    No root needed: device nodes and ownership are written directly.
    """

    def __init__(self):
        self._entries = {}   # path -> (mode, data, rdev)
        self._ino = 1000
        for d in ('/bin', '/sbin', '/usr', '/usr/bin', '/usr/sbin', '/dev',
                  '/proc', '/sys', '/tmp', '/etc', '/lib', '/lib/modules',
                  '/root', '/run'):
            self.add_dir(d)
        self.add_node('/dev/console', 0o020600, 5, 1)
        self.add_node('/dev/null', 0o020666, 1, 3)

    def _parents(self, path):
        parent = os.path.dirname(path)
        while parent not in ('/', '') and parent not in self._entries:
            self.add_dir(parent)
            parent = os.path.dirname(parent)

    def add_dir(self, path, mode=0o755):
        self._parents(path)
        self._entries[path] = (0o040000 | mode, b'', (0, 0))

    def add_node(self, path, mode, major, minor):
        self._parents(path)
        self._entries[path] = (mode, b'', (major, minor))

    def add_symlink(self, path, target):
        self._parents(path)
        self._entries[path] = (0o120777, target.encode(), (0, 0))

    def add_bytes(self, path, data, mode=0o644):
        if isinstance(data, str):
            data = data.encode()
        self._parents(path)
        self._entries[path] = (0o100000 | mode, data, (0, 0))

    def add_file(self, path, src, mode=None):
        with open(src, 'rb') as f:
            data = f.read()
        if mode is None:
            mode = os.stat(src).st_mode & 0o777
        self.add_bytes(path, data, mode)

    def add_busybox(self, busybox=None):
        """Add a static busybox as /bin/busybox and /bin/sh."""
        busybox = busybox or shutil.which('busybox') or '/bin/busybox'
        out = subprocess.run(['file', '-L', busybox], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL,
                             universal_newlines=True,
                             check=False).stdout if shutil.which('file') \
            else ''
        if out and 'dynamically' in out:
            raise HarnessError('%s is dynamically linked; install '
                               'busybox-static' % busybox)
        self.add_file('/bin/busybox', busybox, 0o755)
        self.add_symlink('/bin/sh', 'busybox')

    def add_init(self, body, console='/dev/console', end='poweroff -f'):
        """Add /init: a busybox shell script that mounts proc, sys and
        devtmpfs, installs the applets, runs body, syncs, then runs end
        (powers off unless told otherwise)."""
        script = '\n'.join([
            '#!/bin/busybox sh',
            '/bin/busybox --install -s',
            'mount -t proc proc /proc',
            'mount -t sysfs sysfs /sys',
            'mount -t devtmpfs devtmpfs /dev',
            'mount -t tmpfs tmpfs /tmp',
            'exec <%s >%s 2>&1' % (console, console),
            body,
            'sync',
            end,
            ''])
        self.add_bytes('/init', script, 0o755)

    def add_kernel_module(self, kernel, name):
        """Add the .ko chain of a stock module under /lib/modules/;
        returns the guest paths in load order."""
        paths = []
        for path, data in module_files(kernel, name):
            self.add_bytes(path, data)
            paths.append(path)
        return paths

    def _header(self, name, mode, size, rdev, nlink=1):
        self._ino += 1
        fields = [self._ino, mode, 0, 0, nlink, 0, size, 0, 0,
                  rdev[0], rdev[1], len(name) + 1, 0]
        return ('070701' + ''.join('%08X' % f for f in fields)).encode()

    @staticmethod
    def _pad(n):
        return b'\0' * ((4 - n % 4) % 4)

    def to_bytes(self):
        out = bytearray()
        for path in sorted(self._entries):
            mode, data, rdev = self._entries[path]
            name = path.lstrip('/').encode()
            hdr = self._header(name, mode, len(data), rdev)
            out += hdr + name + b'\0'
            out += self._pad(len(hdr) + len(name) + 1)
            out += data + self._pad(len(data))
        name = b'TRAILER!!!'
        hdr = self._header(name, 0, 0, (0, 0), nlink=1)
        out += hdr + name + b'\0' + self._pad(len(hdr) + len(name) + 1)
        return bytes(out)

    def write(self, path):
        tmp = path + '.tmp%d' % os.getpid()
        with gzip.open(tmp, 'wb', compresslevel=1) as f:
            f.write(self.to_bytes())
        os.replace(tmp, path)
        return path


def kvm_usable():
    """True only if KVM can run a normal guest: /dev/kvm is usable and
    the CPU has vmx/svm, and it is not the PVM nested hypervisor (which
    aborts or hangs real kernels)."""
    if os.environ.get('FB_QEMU_ACCEL') in ('tcg', 'kvm'):
        return os.environ['FB_QEMU_ACCEL'] == 'kvm'
    if not os.access('/dev/kvm', os.R_OK | os.W_OK):
        return False
    if os.path.exists('/sys/module/kvm_pvm'):
        return False
    try:
        with open('/proc/cpuinfo') as f:
            flags = f.read()
    except OSError:
        return False
    return bool(re.search(r'^flags\s*:.*\b(vmx|svm)\b', flags, re.M))


def accel_args():
    return ['-accel', 'kvm', '-cpu', 'host'] if kvm_usable() \
        else ['-accel', 'tcg']


class QemuVM:
    """One QEMU run. Use as a context manager: QEMU is killed on exit.

    kernel: vmlinux (PVH), bzImage or an ARM zImage; initrd: path;
    append: command line.
    qemu: binary name (qemu-system-x86_64, qemu-system-arm, ...).
    machine_args: the machine choice (default: none, QEMU's x86 default
    machine), e.g. ['-M', 'vexpress-a9'] on ARM, with accel=['-accel','tcg'].
    dtb: a device tree blob for machines that take one (-dtb).
    display: QEMU's -display value ('none'; 'gtk' or 'sdl' opens a window).
    extra_args: anything more (devices, -global, -audiodev, ...).
    log_path: every console line is also written there.
    echo: print console lines as they come (for debugging).
    """

    def __init__(self, kernel, initrd, append='console=ttyS0',
                 memory=512, smp=1, qmp=False, extra_args=None,
                 qemu='qemu-system-x86_64', machine_args=None, accel=None,
                 log_path=None, echo=False, dtb=None, display='none'):
        self.kernel = kernel
        self.initrd = initrd
        self.append = append
        self.memory = memory
        self.smp = smp
        self.extra_args = list(extra_args or [])
        self.qemu = qemu
        self.machine_args = machine_args
        self.accel = accel
        self.dtb = dtb
        self.display = display
        self.log_path = log_path
        self.echo = echo
        self.lines = []          # every console line so far
        self.line_times = []     # seconds after start() each line came
        self._queue = queue.Queue()
        self._proc = None
        self._reader = None
        self._log = None
        self._tmpdir = None
        self._qmp_path = None
        self._qmp = None
        self._qmp_file = None
        self._want_qmp = qmp
        self._pos = 0            # next line for wait_for
        self.start_time = None

    # -- life cycle --------------------------------------------------
    def command(self):
        cmd = [self.qemu, '-nodefaults', '-no-reboot', '-net', 'none',
               '-display', self.display, '-m', str(self.memory),
               '-smp', str(self.smp)]
        cmd += self.accel if self.accel is not None else accel_args()
        if self.machine_args is not None:
            cmd += self.machine_args
        if self.dtb:
            cmd += ['-dtb', self.dtb]
        cmd += ['-chardev', 'stdio,id=con0,signal=off',
                '-serial', 'chardev:con0',
                '-kernel', self.kernel, '-initrd', self.initrd,
                '-append', self.append]
        if self._qmp_path:
            cmd += ['-qmp', 'unix:%s,server=on,wait=off' % self._qmp_path]
        return cmd + self.extra_args

    def start(self):
        if shutil.which(self.qemu) is None:
            raise HarnessError('%s not found; install %s' % (
                self.qemu, 'qemu-system-arm' if self.qemu.endswith('-arm')
                else 'qemu-system-x86 (or the matching qemu-system package)'))
        if self._want_qmp:
            self._tmpdir = tempfile.mkdtemp(prefix='qemu-harness-')
            self._qmp_path = os.path.join(self._tmpdir, 'qmp.sock')
        if self.log_path:
            self._log = open(self.log_path, 'w')
        self.start_time = time.monotonic()
        self._proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self):
        for raw in iter(self._proc.stdout.readline, b''):
            line = raw.decode('utf-8', 'replace').rstrip('\r\n')
            if self._log:
                self._log.write(line + '\n')
                self._log.flush()
            if self.echo:
                print('guest| ' + line, flush=True)
            self._queue.put((line, time.monotonic() - self.start_time))
        self._queue.put(None)

    def kill(self):
        if self._qmp:
            try:
                self._qmp.close()
            except OSError:
                pass
            self._qmp = None
        if self._proc and self._proc.poll() is None:
            self._proc.kill()
        if self._proc:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self._reader:
            self._reader.join(timeout=5)
        if self._log:
            self._log.close()
            self._log = None
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False

    @property
    def elapsed(self):
        return time.monotonic() - self.start_time

    @property
    def returncode(self):
        return self._proc.poll() if self._proc else None

    # -- console -----------------------------------------------------
    def _pump(self, timeout):
        """Move one line from the reader into self.lines.
        Returns False at end of output, None on timeout."""
        try:
            line = self._queue.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        if line is None:
            self._queue.put(None)    # stays at end of output
            return False
        self.lines.append(line[0])
        self.line_times.append(line[1])
        return True

    def wait_for(self, pattern, timeout):
        """Wait for a console line matching the regex pattern (searched,
        not anchored unless the pattern says so) after the last match.
        Returns the match; raises HarnessError on timeout or QEMU exit."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            while self._pos < len(self.lines):
                m = rx.search(self.lines[self._pos])
                self._pos += 1
                if m:
                    return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise HarnessError('timeout after %.0f s waiting for %r'
                                   % (timeout, pattern))
            got = self._pump(min(left, 0.5))
            if got is False:
                raise HarnessError('QEMU exited (status %s) while waiting '
                                   'for %r' % (self.returncode, pattern))

    def wait_exit(self, timeout):
        """Collect output until QEMU exits; kill it after timeout seconds.
        Returns True if it exited by itself."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                return False
            if self._pump(min(left, 0.5)) is False:
                try:
                    self._proc.wait(timeout=max(deadline -
                                                time.monotonic(), 1))
                except subprocess.TimeoutExpired:
                    self.kill()
                    return False
                return True

    def send(self, text):
        """Write text to the guest console (e.g. '\\n' to release a guest
        waiting in `read` after printing a marker)."""
        self._proc.stdin.write(text.encode())
        self._proc.stdin.flush()

    def sync(self, marker, timeout, action=None):
        """Marker/ack handshake: wait for a line matching marker, run
        action(match) on the host, then send a newline to the guest."""
        m = self.wait_for(marker, timeout)
        if action:
            action(m)
        self.send('\n')
        return m

    def trouble(self):
        """Console lines that show a kernel WARN, BUG, oops or panic."""
        return [l for l in self.lines if KERNEL_TROUBLE.search(l)]

    # -- QMP ---------------------------------------------------------
    def qmp(self, command, timeout=10, **arguments):
        """Run a QMP command, return its 'return' value."""
        if not self._qmp_path:
            raise HarnessError('QemuVM(qmp=True) needed for QMP')
        if self._qmp is None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.settimeout(timeout)
                    s.connect(self._qmp_path)
                    break
                except OSError:
                    s.close()
                    if time.monotonic() > deadline:
                        raise HarnessError('cannot connect to QMP')
                    time.sleep(0.05)
            self._qmp = s
            self._qmp_file = s.makefile('rw')
            self._qmp_recv()                       # greeting
            self._qmp_exec('qmp_capabilities', {})
        return self._qmp_exec(command, arguments)

    def _qmp_recv(self):
        while True:
            line = self._qmp_file.readline()
            if not line:
                raise HarnessError('QMP connection closed')
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def _qmp_exec(self, command, arguments):
        msg = {'execute': command}
        if arguments:
            msg['arguments'] = arguments
        self._qmp_file.write(json.dumps(msg) + '\n')
        self._qmp_file.flush()
        reply = self._qmp_recv()
        if 'error' in reply:
            raise HarnessError('QMP %s: %s' % (command, reply['error']))
        return reply.get('return')

    def screendump(self, path, device=None):
        """Write what the emulated display shows to path (PPM, P6)."""
        args = {'filename': os.path.abspath(path)}
        if device:
            args['device'] = device
        self.qmp('screendump', **args)
        return path


def read_ppm(path):
    """Read a binary PPM (P6, maxval 255): returns (width, height, rgb
    bytes)."""
    with open(path, 'rb') as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b'P6' or int(fields[3]) != 255:
        raise HarnessError('%s: not an 8-bit P6 PPM' % path)
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height * 3]
