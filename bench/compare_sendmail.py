#!/usr/bin/env python3
"""compare_sendmail.py -- whole-process comparisons of smcf and the real
sendmail 8.17 (Debian's sendmail-bin), run side by side in one run, in the
same pinned environment (tests/conformance/corpus/sendmail-bt; needs root).

  python3 bench/compare_sendmail.py [--smcf build/smcf] [--repeat 3] [--only NAME]

Every comparison checks that both outputs are byte-identical before it
reports the times (best of --repeat runs each).  Both programs are timed
inside the pinned environment (its set-up is not counted):
  bt20k        -bt on a 20,000-line script (ruleset 3,0 on generated
               addresses) with the stock generic config
  pathological -bt with `R$* $* $* $* $* $* $* $* x  $@ found` (n = 20, 30,
               40 tokens) and `R$+ $+ $+ $+ $+ x  $@ found` (100 tokens) on
               input that contains no x
  bv2k, bv20k  -bv on 2,000 and 20,000 generated recipients
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, 'tests', 'conformance', 'corpus')
PIN = os.path.join(CORPUS, 'sendmail-bt')


# Runs inside the pinned environment around the measured program, so the
# times exclude setting the environment up (~0.3 s of namespaces and
# mounts per run); it writes the elapsed seconds to the inherited pipe fd.
TIMER = (
    'import os, subprocess, sys, time\n'
    'fd = int(sys.argv[1])\n'
    't0 = time.perf_counter()\n'
    'rc = subprocess.call(sys.argv[2:], stderr=subprocess.STDOUT)\n'
    'os.write(fd, ("%.6f" % (time.perf_counter() - t0)).encode())\n'
    'sys.exit(rc)\n')


def timed(argv_after_dashdash):
    """The --exec command line that times argv_after_dashdash; returns
    (argv tail, read end)."""
    r, w = os.pipe()
    return ['/usr/bin/python3', '-c', TIMER, str(w)] + argv_after_dashdash, r, w


def run(argv, stdin_bytes):
    """argv = [PIN, --exec, ..., '--', program...]: the program is timed
    inside the pinned environment."""
    cut = argv.index('--') + 1
    tail, r, w = timed(argv[cut:])
    p = subprocess.run(argv[:cut] + tail, input=stdin_bytes, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       pass_fds=(w,))
    os.close(w)
    secs = float(os.read(r, 64) or b'nan')
    os.close(r)
    return secs, p.stdout, p.returncode


def best(argv, stdin_bytes, repeat):
    times, out, rc = [], None, None
    for _ in range(repeat):
        t, out, rc = run(argv, stdin_bytes)
        times.append(t)
    return min(times), out, rc


def addresses(n):
    users = ['alice', 'bob', 'carol', 'dave.jones', 'postmaster', 'root', 'nobody', 'x']
    hosts = ['example.com', 'mx.test.example', 'relay.test.example', '[192.0.2.10]', 'mx',
             'test.example', 'host.example.com', 'sub.domain.example.org', 'localhost']
    out = []
    for i in range(n):
        u = users[i % len(users)] + str(i % 97)
        h = hosts[(i // len(users)) % len(hosts)]
        form = i % 5
        if form == 0:
            out.append('%s@%s' % (u, h))
        elif form == 1:
            out.append('Some Name <%s@%s>' % (u, h))
        elif form == 2:
            out.append('%s' % u)
        elif form == 3:
            out.append('uucphost!%s' % u)
        else:
            out.append('"%s x"@%s' % (u, h))
    return out


def compare(label, cf, script, smcf, repeat, extra_sm=(), extra_smcf=()):
    """-bt (or another mode) with the same script through both, in the
    pinned environment; returns (sendmail_s, smcf_s)."""
    sm_argv = [PIN, '--exec', cf, '--', '/usr/sbin/sendmail', '-bt', '-ODontProbeInterfaces=true',
               '-C', '/etc/mail/' + os.path.basename(cf)] + list(extra_sm)
    smcf_argv = [PIN, '--exec', cf, '--', smcf, '-bt', '-ODontProbeInterfaces=true',
                 '-C', '/etc/mail/' + os.path.basename(cf)] + list(extra_smcf)
    t_sm, out_sm, rc_sm = best(sm_argv, script, repeat)
    t_smcf, out_smcf, rc_smcf = best(smcf_argv, script, repeat)
    same = out_sm == out_smcf and rc_sm == rc_smcf
    print('%-14s sendmail %8.3f s   smcf %8.3f s   ratio %7.1fx   output %s' %
          (label, t_sm, t_smcf, t_sm / t_smcf if t_smcf else 0, 'identical' if same else 'DIFFERENT'))
    if not same:
        print('  sendmail rc=%s smcf rc=%s, %d vs %d bytes' % (rc_sm, rc_smcf, len(out_sm), len(out_smcf)))
    return t_sm, t_smcf, same


def bt20k(smcf, repeat):
    cf = os.path.join(CORPUS, 'configs', 'generic-linux.cf')
    script = ''.join('3,0 %s\n' % a for a in addresses(20000)).encode()
    return compare('bt20k', cf, script, smcf, repeat)


PATHOLOGICAL = {
    'stars8': 'R$* $* $* $* $* $* $* $* x\t$@ found\n',
    'plus5': 'R$+ $+ $+ $+ $+ x\t$@ found\n',
}


def pathological(smcf, repeat):
    """Rules whose LHS cannot match (no x in the input): sendmail's
    backtracking tries every split, C(n+k, k) of them."""
    results = []
    for rule, n in (('stars8', 20), ('stars8', 30), ('stars8', 40), ('plus5', 100)):
        with tempfile.TemporaryDirectory() as d:
            cf = os.path.join(d, 'path.cf')
            with open(cf, 'w') as f:
                f.write('V10\nSPath=10\n' + PATHOLOGICAL[rule])
            os.chmod(d, 0o755)
            script = ('Path %s\n' % ' '.join(['a'] * n)).encode()
            results.append(compare('%s n=%d' % (rule, n), cf, script, smcf, repeat))
    return results


def bv(n, smcf, repeat):
    cf = os.path.join(CORPUS, 'configs', 'generic-linux.cf')
    rcpts = addresses(n)
    sm_argv = [PIN, '--exec', cf, '--', '/usr/sbin/sendmail', '-bv', '-ODontProbeInterfaces=true',
               '-C', '/etc/mail/generic-linux.cf'] + rcpts
    smcf_argv = [PIN, '--exec', cf, '--', smcf, '-bv', '-ODontProbeInterfaces=true',
                 '-C', '/etc/mail/generic-linux.cf'] + rcpts
    t_sm, out_sm, rc_sm = best(sm_argv, b'', repeat)
    t_smcf, out_smcf, rc_smcf = best(smcf_argv, b'', repeat)
    same = out_sm == out_smcf and rc_sm == rc_smcf
    print('%-14s sendmail %8.3f s   smcf %8.3f s   ratio %7.1fx   output %s' %
          ('bv%d' % n, t_sm, t_smcf, t_sm / t_smcf if t_smcf else 0, 'identical' if same else 'DIFFERENT'))
    return t_sm, t_smcf, same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--smcf', default=os.path.join(ROOT, 'build', 'smcf'))
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--only', action='append', default=[])
    a = ap.parse_args()
    smcf = os.path.abspath(a.smcf)
    todo = a.only or ['bt20k', 'pathological', 'bv2k', 'bv20k']
    ok = True
    if 'bt20k' in todo:
        ok &= bt20k(smcf, a.repeat)[2]
    if 'pathological' in todo:
        ok &= all(r[2] for r in pathological(smcf, a.repeat))
    if 'bv2k' in todo:
        r2 = bv(2000, smcf, a.repeat)
        ok &= r2[2]
    if 'bv20k' in todo:
        r20 = bv(20000, smcf, a.repeat)
        ok &= r20[2]
        if 'bv2k' in todo:
            print('bv scaling     sendmail 20k/2k %5.1fx   smcf 20k/2k %5.1fx' % (r20[0] / r2[0], r20[1] / r2[1]))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
