# SPDX-License-Identifier: MIT
"""What a run of fb-frame-bench must have produced, checked on its JSON: shared by the headless
run (check_headless_run.py) and the run on fbmmap in a QEMU guest (run_guest_bench.py). Only
shape and presence are checked, never a speed."""

import json

SCENES = ['fill', 'image', 'sprite', 'sprites', 'dashboard', 'text', 'fullchange']
STRATEGIES = ['direct', 'full-copy', 'damage', 'flip2', 'flip3', 'pixman']
MACHINE = ['memset-scanout', 'memcpy-scanout', 'readback-scanout', 'memcpy-cached']


def schema_problem(doc, schema_path):
    """None when `doc` validates against the schema, else what is wrong."""
    try:
        import jsonschema
    except ImportError:
        return 'python3-jsonschema is not installed (scripts/install-deps.sh installs it)'
    with open(schema_path, encoding='utf-8') as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator(schema).validate(doc)
    except jsonschema.ValidationError as e:
        return '%s at %s' % (e.message, '/'.join(str(p) for p in e.absolute_path))
    return None


def display_problems(doc, **want):
    """The run fields that differ from `want` (backend='fbdev', format='rgb565', ...)."""
    run = doc['run']
    return ['%s %r (want %r)' % (k, run.get(k), v) for k, v in want.items() if run.get(k) != v]


def cell_problems(doc, fmt, scenes, strategies, machine, paced, unsupported=None):
    """Every (scene, strategy) and machine baseline present once; measured (frames, fps, frame
    time, scanout traffic) unless the format rules it out (in-place blending is xrgb8888 only)
    or `unsupported` {strategy: words its reason must contain} says the backend cannot, then
    n/a with the reason; missed frames counted exactly when paced."""
    unsupported = dict(unsupported or {})
    if fmt != 'xrgb8888':
        unsupported.setdefault('direct', 'xrgb8888')
    problems = []
    cells = {}
    for c in doc['cells']:
        key = (c.get('scene') or '', c['strategy'])
        if key in cells:
            problems.append('%s/%s twice' % key)
        cells[key] = c
    expected = [(s, t) for s in scenes for t in strategies] + [('', m) for m in machine]
    missing = [k for k in expected if k not in cells]
    if missing:
        problems.append('missing %s' % ', '.join('%s/%s' % k for k in missing))
    extra = [k for k in cells if k not in expected]
    if extra:
        problems.append('unasked %s' % ', '.join('%s/%s' % k for k in extra))
    for key in expected:
        cell = cells.get(key)
        if not cell:
            continue
        name = '%s/%s' % key
        if key[1] in unsupported:
            if cell['status'] != 'unsupported' or unsupported[key[1]] not in cell.get('reason', ''):
                problems.append('%s should be n/a (%s), is %s: %s' % (
                    name, unsupported[key[1]], cell['status'], cell.get('reason')))
            continue
        if cell['status'] != 'ok':
            problems.append('%s %s: %s' % (name, cell['status'], cell.get('reason')))
            continue
        fig = cell['figures']
        if not (fig['frames'] >= 3 and fig['fps'] > 0 and fig['frame_ms_p50'] > 0 and
                fig['frame_ms_p99'] >= fig['frame_ms_p95'] >= fig['frame_ms_p50']):
            problems.append('%s has no figure (%r)' % (name, fig))
        moved = fig['scanout_bytes_per_frame'] + fig['scanout_read_bytes_per_frame']
        if key[1] != 'memcpy-cached' and moved <= 0:
            problems.append('%s touched no scanout memory' % name)
        if (fig['missed_frames'] is not None) != paced:
            problems.append('%s missed_frames %r when %s' % (name, fig['missed_frames'],
                                                           'paced' if paced else 'unpaced'))
    return problems
