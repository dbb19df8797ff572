#!/usr/bin/env python3
"""folded stacks -> inclusive/exclusive top-N markdown table: top.py in.folded N"""
import sys, collections
path, N = sys.argv[1], int(sys.argv[2])
incl = collections.Counter(); excl = collections.Counter(); total = 0
for line in open(path):
    stack, _, c = line.rstrip().rpartition(' '); c = int(c); total += c
    frames = stack.split(';')
    excl[frames[-1]] += c
    for f in set(frames): incl[f] += c
print(f"{total} samples\n\n| inclusive % | exclusive % | frame |\n|---:|---:|---|")
for f, v in incl.most_common(N):
    print(f"| {v*100/total:.1f} | {excl[f]*100/total:.1f} | `{f}` |")
print(f"\nTop exclusive:\n\n| exclusive % | frame |\n|---:|---|")
for f, v in excl.most_common(N // 2):
    print(f"| {v*100/total:.1f} | `{f}` |")
