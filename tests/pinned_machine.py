"""pinned_machine.py -- the corpus's pinned machine for smcf, shared by the
Python test runners (queue/, submit/, deliver/, faults/).

smcf is run with the options that stand for what sendmail-bt gives the
real sendmail (host mx.test.example, the corpus's hosts, passwd and group
files, uid 0, no DNS, /etc/mail from the corpus), the config at
/etc/mail/NAME, and a queue directory remapped to a scratch directory.
See docs/hermetic.md.
"""
import os

ENV = {"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C"}


def smcf_command(smcf, tests, cf_path, cf_name, spool, queue):
    corpus = os.path.join(tests, "conformance", "corpus")
    return [smcf, "--hostname", "mx.test.example",
            "--hosts-file", os.path.join(corpus, "pinned", "hosts"),
            "--passwd-file", os.path.join(corpus, "pinned", "passwd"),
            "--group-file", os.path.join(corpus, "pinned", "group"), "--uid", "0", "--no-dns",
            "--remap", "/etc/mail/%s=%s" % (cf_name, cf_path),
            "--remap", "/etc/mail/service.switch=" + os.path.join(corpus, "pinned", "service.switch"),
            "--remap", "/etc/mail=" + os.path.join(corpus, "configs", "etc-mail"),
            "--remap", spool + "=" + queue,
            "-C", "/etc/mail/" + cf_name, "-OQueueDirectory=" + spool]
