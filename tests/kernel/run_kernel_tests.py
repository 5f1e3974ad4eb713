#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot Debian's kernel under QEMU with fbmmap.ko and run the in-guest tests.

Standalone:
    python3 tests/kernel/run_kernel_tests.py --build-dir build-kernel
builds the module (against /lib/modules/<ver>/build of the kernel it
boots) and the guest program into --build-dir if --ko / --fbtest are not
given, boots the guest, and prints one line per check. Exit status 0 only
if every expected check passed, the guest finished and the console shows
no WARN/BUG/oops.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True     # nothing written into the source tree
sys.path.insert(0, os.path.join(SRC, 'tests', 'qemu'))

import qemu_harness as qh  # noqa: E402

REGION_BASE = '0x10000000'
REGION_SIZE = '0x1000000'

GUEST_CHECKS = [
    'load', 'module_params', 'var_info', 'fix_info', 'buffers',
    'mmap_write_read', 'write_mmap_read', 'mmap_offset', 'mmap_past_end',
    'mmap_bad_offset', 'mmap_private', 'read_write_end', 'mapping_memtype',
    'pan_vsync',
    'vsync_rate', 'missed_flips',
    'vsync_bad_args', 'vblank_count', 'put_vscreeninfo_bad', 'put_vscreeninfo_good',
    'pan_bad', 'unknown_ioctl', 'vsync_timeout', 'blank_unblank', 'ioctl_fuzz',
    'fbcon_draws', 'open_mmap_cycles', 'unbind_while_mapped', 'rebind',
    'rebind_while_mapped', 'rmmod_while_mapped', 'load_dma', 'var_info_dma',
    'fix_info_dma', 'buffers_dma', 'fallback_log', 'mmap_write_read_dma',
    'write_mmap_read_dma', 'mmap_offset_dma', 'mmap_past_end_dma',
    'mmap_bad_offset_dma', 'mmap_private_dma', 'read_write_end_dma',
    'pan_vsync_dma', 'vsync_rate_dma', 'unbind_while_mapped_dma',
    'rebind_dma', 'rebind_while_mapped_dma', 'rmmod_dma',
    'dmesg_clean',
]
MODULE_PARAMS = ['width', 'height', 'bpp', 'buffers', 'refresh_hz',
                 'mem_base', 'mem_size', 'virtual']


def build_module(kernel, build_dir):
    """Copy kdriver/fbmmap into build_dir/module and make it there."""
    src = os.path.join(SRC, 'kdriver', 'fbmmap')
    dst = os.path.join(build_dir, 'module')
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        if name.endswith(('.c', '.h')) or name in ('Kbuild', 'Makefile'):
            shutil.copy2(os.path.join(src, name), dst)
    subprocess.run(['make', '-s', 'KDIR=' + kernel.build_dir], cwd=dst,
                   check=True)
    return os.path.join(dst, 'fbmmap.ko')


def build_fbtest(build_dir):
    out = os.path.join(build_dir, 'fbtest')
    memtype = os.path.join(HERE, 'pte_memtype')
    subprocess.run([os.environ.get('CC', 'gcc'), '-static', '-O2', '-Wall',
                    '-I' + memtype, '-o', out, os.path.join(HERE, 'fbtest.c'),
                    os.path.join(memtype, 'memtype_query.c')], check=True)
    return out


def build_memtype_module(kernel, build_dir):
    """Copy tests/kernel/pte_memtype's module into build_dir and make it."""
    src = os.path.join(HERE, 'pte_memtype')
    dst = os.path.join(build_dir, 'pte_memtype')
    os.makedirs(dst, exist_ok=True)
    for name in ('pte_memtype.c', 'pte_memtype_uapi.h', 'Kbuild'):
        shutil.copy2(os.path.join(src, name), dst)
    subprocess.run(['make', '-s', '-C', kernel.build_dir, 'M=' + dst,
                    'modules'], check=True)
    return os.path.join(dst, 'pte_memtype.ko')


def host_modinfo(ko):
    """Host check: every parameter is described in modinfo."""
    proc = subprocess.run([qh.find_tool('modinfo'), '-F', 'parm', ko],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    names = [l.split(':', 1)[0] for l in proc.stdout.splitlines()]
    missing = [p for p in MODULE_PARAMS if p not in names]
    ok = proc.returncode == 0 and not missing
    return ok, 'parameters %s%s' % (','.join(names),
                                    '; missing ' + ','.join(missing)
                                    if missing else '')


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.
                                 RawDescriptionHelpFormatter)
    ap.add_argument('--build-dir', required=True,
                    help='scratch directory (cache, initramfs, log)')
    ap.add_argument('--ko', help='fbmmap.ko (default: build it)')
    ap.add_argument('--fbtest', help='static guest test (default: build)')
    ap.add_argument('--memtype-ko',
                    help='test-only pte_memtype.ko (default: build it)')
    ap.add_argument('--kernel-version', help='e.g. 6.1.0-26-amd64')
    ap.add_argument('--timeout', type=float, default=240,
                    help='seconds for the whole guest run')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='echo the guest console')
    args = ap.parse_args()

    t0 = time.monotonic()
    build_dir = os.path.abspath(args.build_dir)
    os.makedirs(build_dir, exist_ok=True)
    kernel = qh.find_debian_kernel(args.kernel_version, need_headers=True)
    if not os.path.isdir(kernel.build_dir):
        raise qh.HarnessError('%s missing: install linux-headers-amd64'
                              % kernel.build_dir)
    ko = args.ko or build_module(kernel, build_dir)
    fbtest = args.fbtest or build_fbtest(build_dir)
    memtype_ko = args.memtype_ko or build_memtype_module(kernel, build_dir)
    vmlinux = qh.extract_vmlinux(kernel.image,
                                 os.path.join(build_dir, 'cache'))

    rd = qh.Initramfs()
    rd.add_busybox()
    rd.add_file('/fbmmap.ko', ko, 0o644)
    rd.add_file('/fbtest', fbtest, 0o755)
    rd.add_file('/pte_memtype.ko', memtype_ko, 0o644)
    rd.add_init('echo FBTEST-BOOTED\n'
                '/fbtest --memtype /pte_memtype.ko /fbmmap.ko %s %s\n'
                'echo FBTEST-EXIT $?' % (REGION_BASE, REGION_SIZE))
    initrd = rd.write(os.path.join(build_dir, 'initrd-kernel-tests.gz'))

    # no_timer_check: under TCG on a loaded host the IO-APIC timer check can
    # fail and panic the boot.
    append = ('console=ttyS0 fbcon=map:1 memmap=16M$%s panic=-1 no_timer_check '
              'loglevel=5 mitigations=off' % REGION_BASE)
    log_path = os.path.join(build_dir, 'kernel-tests-console.log')
    results = {}
    order = []

    def record(name, ok, detail):
        if name in results:
            ok = False
            detail = 'reported twice; ' + detail
        if name not in results:
            order.append(name)
        results[name] = (ok, detail)

    ok, detail = host_modinfo(ko)
    record('modinfo_params', ok, detail)

    done = False
    booted = None
    with qh.QemuVM(vmlinux, initrd, append=append, memory=512,
                   log_path=log_path, echo=args.verbose) as vm:
        exited = vm.wait_exit(args.timeout)
        for line, when in zip(vm.lines, vm.line_times):
            if 'FBTEST-BOOTED' in line and booted is None:
                booted = when
            idx = line.find('FBTEST ')
            if idx >= 0:
                parts = line[idx:].split(' ', 3)
                if len(parts) >= 3 and parts[2] in ('PASS', 'FAIL'):
                    record(parts[1], parts[2] == 'PASS',
                           parts[3] if len(parts) > 3 else '')
            if 'FBTEST-DONE' in line:
                done = True
        trouble = vm.trouble()
        vm_time = vm.elapsed

    record('guest_finished', done and exited,
           'FBTEST-DONE %s, QEMU %s after %.1f s' %
           ('seen' if done else 'missing',
            'exited' if exited else 'killed at timeout', vm_time))
    record('console_clean', not trouble,
           '%d bad console line(s)%s' %
           (len(trouble), (': ' + trouble[0]) if trouble else ''))
    for name in GUEST_CHECKS:
        if name not in results:
            record(name, False, 'no verdict from the guest')

    failed = [n for n in order if not results[n][0]]
    for name in order:
        ok, detail = results[name]
        print('%-22s %s  %s' % (name, 'PASS' if ok else 'FAIL', detail))
    unexpected = [n for n in order if n not in GUEST_CHECKS and n not in
                  ('modinfo_params', 'guest_finished', 'console_clean')]
    if unexpected:
        print('note: checks not in the expected list: %s'
              % ', '.join(unexpected))
    print('kernel tests: %d checks, %d failed; guest boot to /init %.1f s, '
          'QEMU %.1f s, wall %.1f s; console log %s'
          % (len(order), len(failed),
             booted if booted is not None else -1, vm_time,
             time.monotonic() - t0, log_path))
    return 1 if failed else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (qh.HarnessError, subprocess.CalledProcessError) as e:
        print('kernel tests: ERROR: %s' % e, file=sys.stderr)
        sys.exit(2)
