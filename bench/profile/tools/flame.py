#!/usr/bin/env python3
"""folded stacks -> flame graph SVG (minimal, no JS): flame.py in.folded title > out.svg"""
import sys, html, collections, zlib
path, title = sys.argv[1], sys.argv[2]
root = {'n': 0, 'c': collections.OrderedDict()}
for line in open(path):
    stack, _, count = line.rstrip().rpartition(' ')
    count = int(count)
    node = root; node['n'] += count
    for f in stack.split(';'):
        node = node['c'].setdefault(f, {'n': 0, 'c': collections.OrderedDict()}); node['n'] += count
W, H, PAD = 1600, 16, 30
total = root['n']; depth = [0]
rects = []
def walk(node, name, x, d):
    w = node['n'] / total * (W - 20)
    if w < 0.3: return
    depth[0] = max(depth[0], d)
    rects.append((x, d, w, name, node['n']))
    cx = x
    for k, ch in sorted(node['c'].items()):
        walk(ch, k, cx, d + 1); cx += ch['n'] / total * (W - 20)
walk(root, 'all', 10, 0)
height = (depth[0] + 2) * H + PAD
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" font-family="monospace" font-size="11">',
       f'<text x="10" y="18" font-size="14">{html.escape(title)} ({total} samples; hover for names)</text>']
for x, d, w, name, n in rects:
    y = height - (d + 1) * H
    hue = zlib.crc32(name.encode()) % 60
    label = html.escape(name)
    out.append(f'<g><title>{label} ({n} samples, {n*100/total:.2f}%)</title><rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{H-1}" fill="hsl({hue},80%,60%)"/>')
    if w > 40:
        chars = int(w / 6.5)
        out.append(f'<text x="{x+2:.1f}" y="{y+11}">{html.escape(name[:chars])}</text>')
    out.append('</g>')
out.append('</svg>')
print('\n'.join(out))
