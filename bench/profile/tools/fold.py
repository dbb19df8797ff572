#!/usr/bin/env python3
"""perf script output (stdin) -> folded stacks (stdout), managed frames shortened to Type::Method."""
import sys, re, collections
counts = collections.Counter()
stack = []
def short(sym):
    sym = sym.strip()
    # JIT frames look like: "instance void [Asm] Ns.Type+<M>d__3::MoveNext()[OptimizedTier1]"
    m = re.search(r'\[[^\]]+\]\s+(.+?)\((?!.*::)', sym) or re.search(r'\[[^\]]+\]\s+(\S+::[^(\s]+)\(', sym)
    if m:
        name = m.group(1).split(' ')[-1]
        prev = None
        while prev != name:
            prev = name
            name = re.sub(r'\[[^\[\]]*\]', '', name)
        name = re.sub(r'`\d+', '', name)
        name = re.sub(r'\+<(\w+)>[a-z]__\w+::MoveNext', r'::\1', name)
        name = re.sub(r'\+<>c\w*', '', name)
        typ, _, meth = name.rpartition('::')
        typ = typ.split('.')[-1] if typ else ''
        typ = typ.split('+')[-1] if typ.startswith('<') else typ
        return (typ + '::' + meth) if typ else meth
    sym = re.sub(r'\+0x[0-9a-f]+$', '', sym)
    return sym[:60] if sym else '[unknown]'
for line in sys.stdin:
    line = line.rstrip('\n')
    if not line.strip():
        if stack:
            counts[';'.join(reversed(stack))] += 1
        stack = []
        continue
    if line[0] not in ' \t':
        stack = []
        continue
    parts = line.strip().split(' ', 1)
    sym = parts[1] if len(parts) > 1 else parts[0]
    sym = re.sub(r'\s+\([^)]*\)$', '', sym)  # drop "(dso)"
    s = short(sym)
    if stack and stack[-1] == s:
        continue
    stack.append(s)
if stack:
    counts[';'.join(reversed(stack))] += 1
for k, v in counts.items():
    print(f"{k} {v}")
