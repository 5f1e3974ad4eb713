#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The live evdev path on real input devices: the evdev tests in a QEMU guest with uinput.

    python3 tests/input_guest/run_input_guest.py --build-dir DIR --tests evdev_input_tests
        [--filter '*'] [--kernel-version VER] [-v]

The host has neither /dev/input nor /dev/uinput, so there the tests that need a live device
skip. The guest (Debian's kernel, a busybox initramfs with the test binary and the shared
libraries it loads) loads evdev.ko and uinput.ko; devtmpfs makes /dev/uinput and the
/dev/input/event* nodes. The guest runs the gtest binary and the host requires every test the
filter selects (by default all; listed by the same binary on the host, and they must include the
EvdevUinput tests) to PASS in the guest: a test that skips there, fails, or does not run at all
fails this run.
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
sys.path.insert(0, os.path.join(SRC, 'tests', 'e2e'))

import qemu_harness as qh  # noqa: E402
from run_e2e import Checks, exit_with, shared_libraries  # noqa: E402

# evdev makes the /dev/input/event* nodes; uinput the virtual devices the tests create.
MODULES = ['evdev', 'uinput']

GUEST_BODY = '''echo INPUT-NODES $(ls /dev/uinput /dev/input 2>&1)
/tests --gtest_color=no --gtest_filter='{filter}' > /tmp/gtest.log 2>&1
echo INPUT-STATUS gtest $?
while read -r line; do echo "INPUT-GTEST $line"; done < /tmp/gtest.log'''


def selected_tests(binary, gtest_filter):
    """The full names of the tests the filter selects, as the binary lists them."""
    if not os.access(binary, os.X_OK):
        raise qh.HarnessError('test binary %s is missing or not executable' % binary)
    out = subprocess.run([binary, '--gtest_list_tests', '--gtest_filter=' + gtest_filter],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    names = []
    suite = None
    for line in out.splitlines():
        if not line.strip():
            continue
        if not line.startswith(' '):
            suite = line.split()[0]
        elif suite:
            names.append(suite + line.split()[0])
    return names


def build_initramfs(kernel, binary, gtest_filter, path):
    rd = qh.Initramfs()
    rd.add_busybox()
    rd.add_file('/tests', binary, 0o755)
    for guest_path, real in shared_libraries([binary]).items():
        rd.add_file(guest_path, real, 0o755)
    loads = []
    for name in MODULES:
        for guest_path in rd.add_kernel_module(kernel, name):
            if guest_path not in loads:
                loads.append(guest_path)
    script = ['insmod %s || echo INPUT-ERROR insmod %s' % (p, p) for p in loads]
    script.append(GUEST_BODY.format(filter=gtest_filter))
    script.append('echo INPUT-ALL-DONE')
    rd.add_init('\n'.join(script))
    return rd.write(path)


def test_output(log, name):
    """What gtest printed between a test's RUN and its result lines."""
    try:
        start = log.index('[ RUN      ] ' + name) + 1
    except ValueError:
        return []
    out = []
    for line in log[start:]:
        if re.match(r'\[\s*(OK|SKIPPED|FAILED)\s*\] ', line):
            break
        out.append(line.strip())
    return out


def check_gtest(lines, checks, expected):
    status = None
    for line in lines:
        m = re.search(r'INPUT-STATUS gtest (\d+)', line)
        if m:
            status = int(m.group(1))
    log = [l.split('INPUT-GTEST ', 1)[1] for l in lines if 'INPUT-GTEST ' in l]
    passed = set()
    skipped = set()
    failed = set()
    for line in log:
        m = re.match(r'\[\s*(OK|SKIPPED|FAILED)\s*\] (\S+)', line)
        if not m or '.' not in m.group(2):
            continue
        {'OK': passed, 'SKIPPED': skipped, 'FAILED': failed}[m.group(1)].add(m.group(2))
    checks.check('gtest_exit_status', status == 0, 'exit status %s' % status)
    checks.check('gtest_selected_tests', any(n.startswith('EvdevUinput.') for n in expected),
                 '%d tests: %s' % (len(expected), ' '.join(expected)))
    for name in expected:
        if name in passed and name not in skipped:
            result, ok = 'passed', True
        elif name in skipped:
            result, ok = 'SKIPPED in the guest (the live path did not run)', False
        elif name in failed:
            result, ok = 'failed: ' + ' | '.join(test_output(log, name)[:8]), False
        else:
            result, ok = 'did not run', False
        checks.check(name, ok, result)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build-dir', required=True)
    ap.add_argument('--tests', required=True, help='the gtest binary (evdev_input_tests)')
    ap.add_argument('--filter', default='*',
                    help='gtest filter: the tests that must pass in the guest')
    ap.add_argument('--kernel-version')
    ap.add_argument('--timeout', type=float, default=120)
    ap.add_argument('-v', '--verbose', action='store_true', help='echo the guest console')
    args = ap.parse_args()

    t0 = time.monotonic()
    run_dir = os.path.abspath(args.build_dir)
    os.makedirs(run_dir, exist_ok=True)
    checks = Checks()
    expected = selected_tests(args.tests, args.filter)

    kernel = qh.find_debian_kernel(args.kernel_version)
    vmlinux = qh.extract_vmlinux(kernel.image, os.path.join(run_dir, 'cache'))
    initrd = build_initramfs(kernel, args.tests, args.filter,
                             os.path.join(run_dir, 'initrd.gz'))
    append = 'console=ttyS0 loglevel=3 panic=-1 mitigations=off'
    log_path = os.path.join(run_dir, 'console.log')

    with qh.QemuVM(vmlinux, initrd, append=append, memory=512, log_path=log_path,
                   echo=args.verbose) as vm:
        try:
            vm.wait_for(r'INPUT-ALL-DONE', args.timeout)
            exited = vm.wait_exit(30)
        except qh.HarnessError as e:
            checks.check('guest_progress', False, '%s (console log %s)' % (e, log_path))
            exited = False
        lines = list(vm.lines)
        trouble = vm.trouble()
        vm_time = vm.elapsed

    nodes = next((l for l in lines if 'INPUT-NODES' in l), 'no INPUT-NODES line')
    checks.check('guest_uinput_node', re.search(r'/dev/uinput\b(?!:)', nodes) is not None
                 and 'No such file' not in nodes, nodes)
    check_gtest(lines, checks, expected)
    errors = [l for l in lines if 'INPUT-ERROR' in l]
    checks.check('guest_no_errors', not errors, '; '.join(errors) or 'none')
    checks.check_guest_end(exited, vm_time, trouble)

    return checks.report('e2e evdev_uinput', vm_time, t0, log_path)


if __name__ == '__main__':
    exit_with(main, 'e2e evdev_uinput')
