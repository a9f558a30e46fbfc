# The Python fork server: one python3 process per checker worker imports `requests` once, then
# forks a child for each snippet. A request is a JSON line on stdin; a reply is a JSON line on
# stdout followed by the snippet's output, `stdout_bytes` and then `stderr_bytes` raw bytes.
import ast, gc, io, json, os, runpy, select, sys, time, traceback
import pkgutil  # runpy.run_path imports it on first use: here, instead of in every child
import requests  # imported once here instead of once per snippet

# What requests imports lazily on its first request (netrc, proxy settings, ...), imported here
# once instead of in every child; no request is sent.
_session = requests.Session()
_session.prepare_request(requests.Request("POST", "http://127.0.0.1:9/v1", json={}, headers={"Authorization": "Bearer -"}))
_session.merge_environment_settings("http://127.0.0.1:9/v1", {}, None, None, None)
del _session
# A child's garbage collector would walk (and so copy) every object inherited from this
# process: the objects made so far are left out of collection.
gc.collect()
gc.freeze()

replies = os.fdopen(os.dup(1), "wb")
devnull = os.open(os.devnull, os.O_RDONLY)
# The children's stdout and stderr: in-memory files, emptied before each child, read after it.
# Files on disk rewritten for every snippet cost a file system far more.
outputs = (os.memfd_create("stdout"), os.memfd_create("stderr"))
MAX_OUTPUT = 4 << 20  # bytes kept of each stream, as for a snippet run as its own process


def literal(node, names):
    """The value of a literal expression; a name bound by `with open(...) as name` is the file."""
    if isinstance(node, ast.Name) and node.id in names:
        return {"@file": names[node.id]}
    return ast.literal_eval(node)


def open_targets(tree):
    """Names bound by `with open("file", "rb") as name`, mapped to the file's name."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                call = item.context_expr
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "open"
                        and call.args and isinstance(call.args[0], ast.Constant)
                        and isinstance(item.optional_vars, ast.Name)):
                    names[item.optional_vars.id] = call.args[0].value
    return names


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def verify(source, filename, method, key_env):
    """What an `openai` snippet would send, read from its syntax tree without running it: the
    client's constructor arguments and every call of the endpoint's method with its keyword
    arguments. Printed as JSON for the checker to compare with the canonical request."""
    tree = ast.parse(source, filename)
    compile(tree, filename, "exec")
    names = open_targets(tree)
    clients, calls, problems = {}, [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            call = node.value
            if isinstance(call, ast.Call) and dotted(call.func) in ("OpenAI", "openai.OpenAI"):
                args = {}
                for kw in call.keywords:
                    v = kw.value
                    if (isinstance(v, ast.Subscript) and dotted(v.value) == "os.environ"
                            and isinstance(v.slice, ast.Constant) and v.slice.value == key_env):
                        args[kw.arg] = "$" + key_env  # the key, read from the environment
                    elif kw.arg is not None:
                        try:
                            args[kw.arg] = literal(kw.value, names)
                        except ValueError:
                            args[kw.arg] = "<" + ast.unparse(kw.value) + ">"
                clients[node.targets[0].id] = args
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        if not name or "." not in name:
            continue
        obj, _, rest = name.partition(".")
        if obj not in clients or rest != method:
            continue
        kwargs = {}
        if node.args:
            problems.append("positional arguments in the call of " + name)
        for kw in node.keywords:
            if kw.arg is None:
                problems.append("**" + ast.unparse(kw.value) + " in the call of " + name)
                continue
            try:
                kwargs[kw.arg] = literal(kw.value, names)
            except ValueError:
                problems.append("keyword argument `" + kw.arg + "` is not a literal: " + ast.unparse(kw.value))
        calls.append({"client": clients[obj], "kwargs": kwargs})
    return {"calls": calls, "problems": problems}


def child(req):
    code = 0
    try:
        os.setpgid(0, 0)
        os.chdir(req["dir"])
        os.dup2(devnull, 0)
        os.dup2(outputs[0], 1)
        os.dup2(outputs[1], 2)
        for fd in (devnull, *outputs):
            os.close(fd)
        os.environ.clear()
        os.environ.update(req["env"])
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
        sys.argv = [req["file"]]
        sys.path[0] = req["dir"]
        try:
            runpy.run_path(req["file"], run_name="__main__")
        except SystemExit as e:
            if e.code is None:
                code = 0
            elif isinstance(e.code, int):
                code = e.code
            else:
                print(e.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code & 0xFF)


def wait(pid, deadline):
    """Waits for the child until the deadline (on a pidfd, no polling); True when it exited."""
    fd = os.pidfd_open(pid)
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return True, status
            left = deadline - time.monotonic()
            if left <= 0:
                return False, 0
            select.select([fd], [], [], left)
    finally:
        os.close(fd)


def verify_here(req, start):
    """A static verification needs no child: the snippet is parsed, never run. Its output travels
    in the reply."""
    out, err, code = "", "", 0
    try:
        with open(os.path.join(req["dir"], req["file"]), "rb") as f:
            found = verify(f.read(), req["file"], req["verify"], req["key_env"])
        out = json.dumps(found, ensure_ascii=False) + "\n"
    except BaseException:
        err, code = traceback.format_exc(), 1
    reply({"exit": code, "timed_out": False, "ms": int((time.monotonic() - start) * 1000)},
          out.encode("utf-8"), err.encode("utf-8"))


def reply(head, out, err):
    head["stdout_bytes"], head["stderr_bytes"] = len(out), len(err)
    replies.write(json.dumps(head).encode("utf-8") + b"\n" + out + err)
    replies.flush()


def output(fd):
    return os.pread(fd, min(os.fstat(fd).st_size, MAX_OUTPUT), 0)


for line in sys.stdin:
    req = json.loads(line)
    start = time.monotonic()
    if req.get("verify"):
        verify_here(req, start)
        continue
    for fd in outputs:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
    pid = os.fork()
    if pid == 0:
        child(req)
    exited, status = wait(pid, start + req["timeout_ms"] / 1000.0)
    if not exited:
        try:
            os.killpg(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    try:
        os.killpg(pid, 9)  # whatever the snippet left running
    except (ProcessLookupError, PermissionError):
        pass
    exit_code = -1 if not exited or not os.WIFEXITED(status) else os.WEXITSTATUS(status)
    reply({"exit": exit_code, "timed_out": not exited, "ms": int((time.monotonic() - start) * 1000)},
          output(outputs[0]), output(outputs[1]))
