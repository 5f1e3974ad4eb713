#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every demo on a rotated panel shows its unrotated picture turned, pixel for pixel.

    python3 check_rotation.py DEMO_BIN_DIR WORK_DIR

For each demo and rotation, a headless run on a 200x120 panel with --rotate R draws the
logical picture (120x200 at 90 and 270); its screenshot is the panel. A second run at the
logical size without rotation draws the same picture unturned. The panel must equal that
picture turned clockwise by R, written out here pixel by pixel (not through libfb), so the
demos, the renderer's rotated stream and the headless display are checked together. Bad
--rotate values and $FB_ROTATION are refused with a message.
"""
import os
import subprocess
import sys

DEMOS = ["sprites", "dashboard", "plasma", "ticker", "drag"]
PANEL = (200, 120)
FRAMES = "12"


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(b"\n", 3)
    assert parts[0] == b"P6" and parts[2] == b"255", path
    width, height = map(int, parts[1].split())
    pixels = parts[3]
    assert len(pixels) == width * height * 3, path
    return width, height, pixels


def turned(width, height, pixels, degrees):
    """The picture (width x height) turned clockwise by degrees: the panel's pixels."""
    if degrees in (90, 270):
        out_w, out_h = height, width
    else:
        out_w, out_h = width, height
    out = bytearray(out_w * out_h * 3)
    for py in range(out_h):
        for px in range(out_w):
            # The logical pixel shown at panel (px, py).
            if degrees == 0:
                x, y = px, py
            elif degrees == 90:
                x, y = py, out_w - 1 - px
            elif degrees == 180:
                x, y = out_w - 1 - px, out_h - 1 - py
            else:
                x, y = out_h - 1 - py, px
            src = (y * width + x) * 3
            dst = (py * out_w + px) * 3
            out[dst:dst + 3] = pixels[src:src + 3]
    return out_w, out_h, bytes(out)


def run(program, *args, env=None):
    result = subprocess.run([program, *args], capture_output=True, text=True, env=env)
    return result.returncode, result.stdout + result.stderr


def main():
    bin_dir, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("FB_BACKEND", "FB_INPUT", "FB_ROTATION")}
    failures = 0
    for demo in DEMOS:
        program = os.path.join(bin_dir, "fbdemo-" + demo)
        for degrees in (0, 90, 180, 270):
            logical = PANEL if degrees in (0, 180) else (PANEL[1], PANEL[0])
            panel_ppm = os.path.join(work, f"{demo}-panel-{degrees}.ppm")
            picture_ppm = os.path.join(work, f"{demo}-picture-{degrees}.ppm")
            common = ["--backend", "headless", "--frames", FRAMES, "--fps", "0", "--input", "none"]
            status, out = run(program, *common, "--size", "%dx%d" % PANEL, "--rotate", str(degrees),
                              "--screenshot", panel_ppm, env=env)
            if status != 0:
                print(f"FAIL {demo} --rotate {degrees}: exit {status}: {out}")
                failures += 1
                continue
            status, out = run(program, *common, "--size", "%dx%d" % logical, "--screenshot",
                              picture_ppm, env=env)
            if status != 0:
                print(f"FAIL {demo} --size {logical}: exit {status}: {out}")
                failures += 1
                continue
            panel = read_ppm(panel_ppm)
            expected = turned(*read_ppm(picture_ppm), degrees)
            if panel[:2] != PANEL or panel != expected:
                print(f"FAIL {demo} --rotate {degrees}: the panel is not the picture turned "
                      f"(panel {panel[0]}x{panel[1]}, kept {panel_ppm} and {picture_ppm})")
                failures += 1
            else:
                print(f"ok: {demo} --rotate {degrees} shows the {logical[0]}x{logical[1]} "
                      "picture turned")
    # Bad rotations: a usage error from the flag, a clear error from the environment.
    program = os.path.join(bin_dir, "fbdemo-sprites")
    status, out = run(program, "--rotate", "45", "--frames", "1", env=env)
    if status != 2 or "--rotate wants 0, 90, 180 or 270, got '45'" not in out:
        print(f"FAIL --rotate 45: exit {status}: {out}")
        failures += 1
    status, out = run(program, "--frames", "1", env=dict(env, FB_ROTATION="-90"))
    if status != 1 or "FB_ROTATION='-90' is not a rotation" not in out:
        print(f"FAIL FB_ROTATION=-90: exit {status}: {out}")
        failures += 1
    # $FB_ROTATION is what an unset --rotate takes.
    a = run(program, "--frames", "3", "--fps", "0", "--size", "200x120", "--checksum",
            env=dict(env, FB_ROTATION="270"))
    b = run(program, "--frames", "3", "--fps", "0", "--size", "200x120", "--checksum",
            "--rotate", "270", env=env)
    def checksum(result):
        return [line for line in result[1].splitlines() if line.startswith("checksum: ")]
    if a[0] != 0 or b[0] != 0 or not checksum(a) or checksum(a) != checksum(b):
        print(f"FAIL FB_ROTATION=270 differs from --rotate 270: {a} {b}")
        failures += 1
    print("rotation: %s" % ("all passed" if failures == 0 else f"{failures} failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
