"""The office the browser test works in: a real gongkaid over a fresh data
directory (manual clock), the demo year 2012 replayed into it, the people
enrolled with `gongkai user add` and given web passwords with `gongkai user
passwd`, and a real gongkai-web in front of it.

Nothing sleeps: a process is ready when its standard output says so, read
with select() and a deadline.
"""

import os
import re
import select
import subprocess
import time

PROCESS_WAIT_S = 30
PASSWORD = "网页密码-2012"

# The people: key, name, roles, agency (the demo's, run.sh).
PEOPLE = [
    ("clerk", "李受理", "clerk", "210300"),
    ("officer", "张承办", "officer", "210300"),
    ("head", "赵负责", "head", "210300"),
    ("supervisor", "钱督办", "supervisor", "210300"),
    ("county", "孙督办", "supervisor", "210302"),
    ("reporter", "周统计", "reporter", "210300"),
    ("importer", "历史导入", "clerk,officer,head,operator", "210300"),
]
OPERATOR = ("operator", "王运维", "operator", "210300")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Process:
    """A child whose standard output is read for a line, with a deadline;
    its standard error goes to a log file."""

    def __init__(self, argv, log_path, env=None):
        self.argv = argv
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=self._log, env=env)
        self.output = b""

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def wait_for(self, pattern, what):
        """Reads standard output until a line matches `pattern`; returns the
        match."""
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + PROCESS_WAIT_S
        regex = re.compile(pattern)
        while True:
            for line in self.output.decode(errors="replace").split("\n"):
                found = regex.search(line)
                if found:
                    return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("%s: no line matching %r within %d s; output:\n%s\nstderr:\n%s"
                              % (what, pattern, PROCESS_WAIT_S, self.output.decode(errors="replace"),
                                 self.log()))
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                code = self.process.wait(timeout=10)
                raise Failure("%s exited with %s before %r; output:\n%s\nstderr:\n%s"
                              % (what, code, pattern, self.output.decode(errors="replace"),
                                 self.log()))
            self.output += chunk

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process.stdout.close()
        self._log.close()


class Office:
    """gongkaid with the demo year, the people, and gongkai-web."""

    def __init__(self, args, root):
        self.args = args
        self.root = root
        self.people_dir = os.path.join(root, "people")
        os.makedirs(self.people_dir, mode=0o700)
        self.daemon = None
        self.web = None
        self.endpoint = ""
        self.url = ""

    def identity(self, key):
        return os.path.join(self.people_dir, key + ".identity")

    def cli(self, key, *words, stdin=None, check_ok=True):
        argv = [self.args.cli, "--server", self.endpoint, "--identity", self.identity(key)] + list(words)
        done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=120, env=dict(os.environ, LANG="C.UTF-8"))
        if check_ok and done.returncode != 0:
            raise Failure("gongkai %s failed (%d): %s" % (" ".join(words), done.returncode,
                                                          done.stderr.decode(errors="replace")))
        return done

    def start(self):
        data = os.path.join(self.root, "data")
        subprocess.run([self.args.daemon, "init", "--data", data, "--operator", "王运维", "--out",
                        self.identity("operator"), "--agencies", self.args.agencies],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=60)
        self.daemon = Process(
            [self.args.daemon, "--data", data, "--listen", "tcp://127.0.0.1:*", "--alerts",
             "tcp://127.0.0.1:*", "--clock", "manual:2012-01-01", "--agencies", self.args.agencies],
            os.path.join(self.root, "gongkaid.stderr"))
        ready = self.daemon.wait_for(r"ready: commands on (tcp://[0-9.]+:\d+)", "gongkaid")
        self.endpoint = ready.group(1)
        for key, name, roles, agency in PEOPLE:
            self.cli("operator", "user", "add", name, "--role", roles, "--agency", agency, "--out",
                     self.identity(key))
        # The gateway: a service with the delegate right (and the least
        # role; it acts as the people who log in).
        self.cli("operator", "user", "add", "网页网关", "--role", "reporter", "--agency", "210300",
                 "--delegate", "--out", self.identity("gateway"))
        for key, name, _, _ in PEOPLE + [OPERATOR]:
            self.cli("operator", "user", "passwd", name, "--password-stdin",
                     stdin=(PASSWORD + "\n").encode())
        # The demo year: 93 requests of the seed's city, replayed; the
        # manual clock ends on 31 December 2012.
        year = os.path.join(self.root, "demo-2012.jsonl")
        self.cli("operator", "generate", "--year", "2012", "--seed", "2012", "--out", year)
        self.cli("importer", "replay", year)
        self.web = Process([self.args.web, "--engine", self.endpoint, "--identity",
                            self.identity("gateway"), "--listen", "127.0.0.1:0"],
                           os.path.join(self.root, "gongkai-web.stderr"))
        serving = self.web.wait_for(r"serving (http://127\.0\.0\.1:\d+)/", "gongkai-web")
        self.url = serving.group(1)

    def stop(self):
        for process in (self.web, self.daemon):
            if process is not None:
                process.stop()
