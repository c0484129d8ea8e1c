#!/usr/bin/env python3
"""The gongkai wire protocol spoken from Python.

Generates Python code from proto/gongkai/v1/*.proto with protoc, makes a
data directory with `gongkaid init` (its operator's identity file, read with
tomllib), starts a real gongkaid (tcp://127.0.0.1:*, manual clock
2012-09-28), and talks to it over CURVE with ZeroMQ REQ and DEALER sockets:
the operator enrols a clerk (a key pair made here), the clerk's intake is
read back with show, a repeated idempotency key, a malformed message, the
operator refused an intake, a key nobody enrolled refused. Every receive is
bounded by a poll timeout, so the script cannot hang.

Uses Debian's python3-zmq and python3-protobuf. Prints its own
"N passed, N failed" line and exits 1 on any failure.
"""

import argparse
import glob
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
import types

DEBIAN_PYTHON = "/usr/bin/python3"


def _reexec_with_debian_python():
    """python3-zmq and python3-protobuf live in Debian's interpreter; CMake
    may have found another python3 first (pyenv, a virtualenv)."""
    if os.environ.get("GONGKAI_PY_REEXEC") or not os.path.exists(DEBIAN_PYTHON):
        return False
    if os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON):
        return False
    os.environ["GONGKAI_PY_REEXEC"] = "1"
    sys.stdout.flush()
    os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + sys.argv)
    return True


try:
    import zmq
    import google.protobuf  # noqa: F401
except ImportError as missing:
    _reexec_with_debian_python()
    print("client_test: %s: install python3-zmq and python3-protobuf (Debian)" % missing)
    print("0 passed, 1 failed")
    sys.exit(1)

RECEIVED = (2012, 9, 28)
AGENCY = "210321"
ID_PATTERN = re.compile(r"^210321-2012-\d{6}$")
READY_PREFIX = b"gongkaid: ready: commands on "
READY_TIMEOUT_S = 20.0
REPLY_TIMEOUT_MS = 5000

# Personal data given at intake; none of it may come back.
APPLICANT = {
    "name": "张伟明",
    "id_number": "210321198001011234",
    "phone": "13800000000",
    "address": "台安县城区建设路18号",
    "contact": "zhangweiming@example.cn",
}


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def generate(protoc, proto_dir, work_dir):
    """protoc --python_out into work_dir; returns the generated types."""
    out = os.path.join(work_dir, "generated")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    protos = sorted(glob.glob(os.path.join(proto_dir, "gongkai", "v1", "*.proto")))
    check(protos, "no .proto files under %s/gongkai/v1" % proto_dir)
    rel = [os.path.relpath(p, proto_dir) for p in protos]
    done = subprocess.run([protoc, "--proto_path=" + proto_dir, "--python_out=" + out] + rel,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    check(done.returncode == 0, "protoc failed: %s" % done.stderr.decode(errors="replace"))
    sys.path.insert(0, out)
    # pylint: disable=import-outside-toplevel
    from gongkai.v1 import codes_pb2, command_pb2
    # One namespace for the messages (command.proto) and the enums
    # (codes.proto), which protoc keeps in separate modules.
    return types.SimpleNamespace(
        Command=command_pb2.Command, Reply=command_pb2.Reply, StatusCode=codes_pb2.StatusCode,
        STATUS_CODE_OK=codes_pb2.STATUS_CODE_OK,
        STATUS_CODE_INVALID_ARGUMENT=codes_pb2.STATUS_CODE_INVALID_ARGUMENT,
        STATUS_CODE_NOT_FOUND=codes_pb2.STATUS_CODE_NOT_FOUND,
        STATUS_CODE_FAILED_PRECONDITION=codes_pb2.STATUS_CODE_FAILED_PRECONDITION,
        STATUS_CODE_PERMISSION_DENIED=codes_pb2.STATUS_CODE_PERMISSION_DENIED,
        ROLE_CLERK=codes_pb2.ROLE_CLERK, ROLE_OFFICER=codes_pb2.ROLE_OFFICER,
        CHANNEL_REGISTERED_MAIL=codes_pb2.CHANNEL_REGISTERED_MAIL,
        APPLICANT_TYPE_NATURAL_PERSON=codes_pb2.APPLICANT_TYPE_NATURAL_PERSON)


class Daemon:
    """gongkaid as a child process over a temporary data directory."""

    def __init__(self, daemon, agencies, root):
        self.root = root
        self.log_path = os.path.join(root, "gongkaid.stderr")
        self._log = open(self.log_path, "wb")
        self.operator_identity = os.path.join(root, "operator.identity")
        subprocess.run([daemon, "init", "--data", os.path.join(root, "data"), "--operator",
                        "operator", "--out", self.operator_identity, "--agencies", agencies],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=self._log)
        self.process = subprocess.Popen(
            [daemon, "--data", os.path.join(root, "data"), "--listen", "tcp://127.0.0.1:*",
             "--alerts", "tcp://127.0.0.1:*", "--clock", "manual:%04d-%02d-%02d" % RECEIVED,
             "--agencies", agencies],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log)
        self.endpoint = self._wait_ready()

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def _wait_ready(self):
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + READY_TIMEOUT_S
        text = b""
        while True:
            for line in text.split(b"\n")[:-1]:
                if line.startswith(READY_PREFIX):
                    rest = line[len(READY_PREFIX):].decode()
                    return re.split(r"[, ]", rest, maxsplit=1)[0]
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("no ready line from gongkaid within %.0f s; stderr:\n%s"
                              % (READY_TIMEOUT_S, self.log()))
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                code = self.process.wait(timeout=10)
                raise Failure("gongkaid exited with %s before it was ready; stderr:\n%s"
                              % (code, self.log()))
            text += chunk

    def stop(self):
        """SIGTERM, then SIGKILL if it is still running after 10 s. Returns
        the exit status (negative: killed by that signal)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process.stdout.close()
        self._log.close()
        return self.process.returncode


def read_identity(path):
    """An identity file (TOML): name, endpoint, server_public_key,
    public_key, secret_key (Z85)."""
    check(os.stat(path).st_mode & 0o077 == 0, "%s is readable by others" % path)
    with open(path, "rb") as f:
        identity = tomllib.load(f)
    for field in ("name", "server_public_key", "public_key", "secret_key"):
        check(field in identity, "%s has no %s" % (path, field))
    return identity


class Client:
    """Speaks to the engine over CURVE as the holder of `identity`."""

    def __init__(self, pb, context, endpoint, identity):
        self.pb = pb
        self.context = context
        self.endpoint = endpoint
        self.identity = identity

    def _socket(self, kind):
        socket = self.context.socket(kind)
        socket.setsockopt(zmq.LINGER, 0)
        socket.curve_serverkey = self.identity["server_public_key"].encode()
        socket.curve_publickey = self.identity["public_key"].encode()
        socket.curve_secretkey = self.identity["secret_key"].encode()
        socket.connect(self.endpoint)
        return socket

    @staticmethod
    def _receive(socket, what):
        if not socket.poll(REPLY_TIMEOUT_MS, zmq.POLLIN):
            raise Failure("no reply to %s within %d ms" % (what, REPLY_TIMEOUT_MS))
        return socket.recv_multipart(zmq.NOBLOCK)

    def call_raw(self, payload, what):
        """REQ: one frame out, one frame back; returns the reply's bytes."""
        socket = self._socket(zmq.REQ)
        try:
            socket.send(payload)
            frames = self._receive(socket, what)
        finally:
            socket.close()
        check(len(frames) == 1, "%s: expected one reply frame, got %d" % (what, len(frames)))
        return frames[0]

    def call(self, command, what):
        raw = self.call_raw(command.SerializeToString(), what)
        reply = self.pb.Reply()
        reply.ParseFromString(raw)
        return reply, raw

    def call_dealer(self, command, what):
        """DEALER: the client sends the empty delimiter itself."""
        socket = self._socket(zmq.DEALER)
        try:
            socket.send_multipart([b"", command.SerializeToString()])
            frames = self._receive(socket, what)
        finally:
            socket.close()
        check(len(frames) == 2 and frames[0] == b"",
              "%s: expected [delimiter, reply], got %d frames" % (what, len(frames)))
        reply = self.pb.Reply()
        reply.ParseFromString(frames[1])
        return reply


def intake_command(pb, key, subject="2012年城区道路维修经费"):
    command = pb.Command()
    command.idempotency_key = key
    command.actor = "python-client-test"
    command.intake.received_on.year, command.intake.received_on.month, \
        command.intake.received_on.day = RECEIVED
    received = command.intake.received
    received.agency_code = AGENCY
    received.channel = pb.CHANNEL_REGISTERED_MAIL
    received.applicant_type = pb.APPLICANT_TYPE_NATURAL_PERSON
    received.subject = subject
    for field, value in APPLICANT.items():
        setattr(received.applicant, field, value)
    return command


def show_command(pb, request_id):
    command = pb.Command()
    command.show.request_id = request_id
    return command


def date_text(civil):
    return "%04d-%02d-%02d" % (civil.year, civil.month, civil.day)


def ok(pb, reply, what):
    check(reply.code == pb.STATUS_CODE_OK, "%s: code %s (%s), expected STATUS_CODE_OK"
          % (what, pb.StatusCode.Name(reply.code), reply.message))


def leaked(raw):
    return [field for field, value in APPLICANT.items() if value.encode() in raw]


def test_intake_then_show(pb, client, state):
    reply, raw = client.call(intake_command(pb, "py-intake-1"), "intake")
    ok(pb, reply, "intake")
    check(ID_PATTERN.match(reply.request_id),
          "the id %r does not match %s" % (reply.request_id, ID_PATTERN.pattern))
    check(date_text(reply.due_date) == "2012-10-25",
          "intake: due %s, expected 2012-10-25" % date_text(reply.due_date))
    check(not leaked(raw), "the intake reply carries personal data: %s" % leaked(raw))
    state["id"] = reply.request_id

    shown, raw = client.call(show_command(pb, reply.request_id), "show")
    ok(pb, shown, "show")
    check(len(shown.requests) == 1, "show: %d requests, expected 1" % len(shown.requests))
    view = shown.requests[0]
    check(view.state.id == reply.request_id, "show: id %s" % view.state.id)
    check(view.state.agency_code == AGENCY, "show: agency %s" % view.state.agency_code)
    check(date_text(view.state.received_on) == "2012-09-28",
          "show: received %s" % date_text(view.state.received_on))
    check(date_text(view.due_date) == "2012-10-25",
          "show: due %s, expected 2012-10-25" % date_text(view.due_date))
    check(len(view.events) >= 1 and view.events[0].HasField("received"),
          "show: the first event is not the receipt")
    # A clerk sees the applicant, once, in the view; not in the events.
    check(view.applicant.name == APPLICANT["name"], "show: applicant %r" % view.applicant.name)
    check(view.applicant.phone == APPLICANT["phone"], "show: phone %r" % view.applicant.phone)
    check(not view.events[0].received.HasField("applicant"),
          "the receipt event in the show reply keeps the applicant")


def test_repeated_key_returns_the_first_reply(pb, client, state):
    check("id" in state, "needs the intake of the first test")
    reply, _ = client.call(intake_command(pb, "py-intake-1"), "intake again")
    ok(pb, reply, "intake again")
    check(reply.request_id == state["id"],
          "a repeated key gave %s, the first reply was %s" % (reply.request_id, state["id"]))
    # The same key with another command is refused: a key is bound to it.
    reused, _ = client.call(intake_command(pb, "py-intake-1", subject="changed"), "key reused")
    check(reused.code == pb.STATUS_CODE_FAILED_PRECONDITION,
          "a reused key answered %s" % pb.StatusCode.Name(reused.code))
    check("idempotency key reused" in reused.message, "the message: %s" % reused.message)
    listed, _ = client.call(list_command(pb), "list")
    ok(pb, listed, "list")
    check(len(listed.requests) == 1, "list: %d requests, expected 1" % len(listed.requests))


def list_command(pb):
    command = pb.Command()
    command.list.limit = 10000
    return command


def test_dealer_socket_registers_and_reads(pb, client, _state):
    reply = client.call_dealer(intake_command(pb, "py-dealer-1"), "intake over DEALER")
    ok(pb, reply, "intake over DEALER")
    check(ID_PATTERN.match(reply.request_id), "the id %r" % reply.request_id)
    shown = client.call_dealer(show_command(pb, reply.request_id), "show over DEALER")
    ok(pb, shown, "show over DEALER")
    check(date_text(shown.requests[0].due_date) == "2012-10-25", "show over DEALER: due date")


def test_malformed_message_is_refused(pb, client, _state):
    raw = client.call_raw(b"\xff\xff\xff not a protobuf", "garbage")
    reply = pb.Reply()
    reply.ParseFromString(raw)
    check(reply.code == pb.STATUS_CODE_INVALID_ARGUMENT,
          "garbage: code %s, expected STATUS_CODE_INVALID_ARGUMENT"
          % pb.StatusCode.Name(reply.code))


def test_unknown_request_is_not_found(pb, client, _state):
    reply, _ = client.call(show_command(pb, "210321-2012-999999"), "show unknown")
    check(reply.code == pb.STATUS_CODE_NOT_FOUND,
          "show unknown: code %s, expected STATUS_CODE_NOT_FOUND" % pb.StatusCode.Name(reply.code))


def test_operator_may_not_register(pb, _client, state):
    operator = state["operator"]
    reply, raw = operator.call(intake_command(pb, "py-operator-1"), "intake as operator")
    check(reply.code == pb.STATUS_CODE_PERMISSION_DENIED,
          "the operator's intake answered %s" % pb.StatusCode.Name(reply.code))
    check("clerk" in reply.message, "the refusal names the role: %s" % reply.message)
    check(not leaked(raw), "the refusal carries personal data: %s" % leaked(raw))


def test_unknown_key_gets_no_service(pb, client, _state):
    public, secret = zmq.curve_keypair()
    stranger = Client(pb, client.context, client.endpoint,
                      dict(client.identity, public_key=public.decode(),
                           secret_key=secret.decode()))
    socket = stranger._socket(zmq.REQ)  # pylint: disable=protected-access
    try:
        socket.send(show_command(pb, "210321-2012-000001").SerializeToString())
        check(not socket.poll(1000, zmq.POLLIN), "a key nobody enrolled got an answer")
    finally:
        socket.close()


TESTS = [
    test_intake_then_show,
    test_repeated_key_returns_the_first_reply,
    test_dealer_socket_registers_and_reads,
    test_malformed_message_is_refused,
    test_unknown_request_is_not_found,
    test_operator_may_not_register,
    test_unknown_key_gets_no_service,
]


def enrol_clerk(pb, operator):
    """The operator enrols a clerk and officer of 210300 with a key pair
    made here; returns the clerk's identity."""
    public, secret = zmq.curve_keypair()
    command = pb.Command()
    command.idempotency_key = "py-enrol-clerk"
    principal = command.user_add.principal
    principal.name = "python-clerk"
    principal.roles.extend([pb.ROLE_CLERK, pb.ROLE_OFFICER])
    principal.agency_code = "210300"
    principal.public_key = public.decode()
    reply, _ = operator.call(command, "user add")
    ok(pb, reply, "user add")
    check(reply.server_public_key == operator.identity["server_public_key"],
          "user add: the server key differs from the identity file's")
    return {"name": "python-clerk", "server_public_key": reply.server_public_key,
            "public_key": public.decode(), "secret_key": secret.decode()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protoc", required=True)
    parser.add_argument("--proto-dir", required=True)
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--agencies", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()

    os.makedirs(args.work_dir, exist_ok=True)
    passed, failed = 0, 0
    root = tempfile.mkdtemp(prefix="gongkai-py-")
    daemon = None
    context = zmq.Context()
    try:
        try:
            pb = generate(args.protoc, args.proto_dir, args.work_dir)
            daemon = Daemon(args.daemon, args.agencies, root)
        except (Failure, OSError, subprocess.SubprocessError) as error:
            print("FAILED setup: %s" % error)
            failed = len(TESTS)
            return 1
        print("gongkaid ready on %s" % daemon.endpoint)
        state = {}
        try:
            operator = Client(pb, context, daemon.endpoint,
                              read_identity(daemon.operator_identity))
            client = Client(pb, context, daemon.endpoint, enrol_clerk(pb, operator))
            state["operator"] = operator
        except Failure as error:
            print("FAILED setup: %s" % error)
            failed = len(TESTS)
            return 1
        for test in TESTS:
            try:
                test(pb, client, state)
                print("passed %s" % test.__name__)
                passed += 1
            except Failure as error:
                print("FAILED %s: %s" % (test.__name__, error))
                failed += 1
            except Exception:  # pylint: disable=broad-except
                print("FAILED %s:\n%s" % (test.__name__, traceback.format_exc()))
                failed += 1
        code = daemon.stop()
        if code != 0:
            # Checked by the e2e suite; noted here, not counted.
            print("note: gongkaid exited %s on SIGTERM (documented: 0); stderr:\n%s"
                  % (code, daemon.log()))
        return 1 if failed else 0
    finally:
        if daemon is not None:
            daemon.stop()
        context.term()
        shutil.rmtree(root, ignore_errors=True)
        print("%d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    sys.exit(main())
