"""Interrupt assess while a plugin hangs in-process with -o: each signal must
remove the temporary file and end the process by that signal (128+N in a
shell); a signal ignored when assess started (nohup) must stay ignored."""
import os
import resource
import signal
import subprocess
import sys
import time

TMP, T = os.environ["TMP"], os.environ["T"]
DATA = os.getcwd()


def writing_into(pid, d):
    """Whether pid holds a file open in folder d: the output's temporary
    file, named (.assess-XXXXXX) or without a name yet (O_TMPFILE)."""
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith(d + "/"):
                return True
        except OSError:
            pass
    return False


def start(d, ignore=None):
    def child():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM):
            signal.signal(s, signal.SIG_DFL)  # whatever the test runs under
        if ignore:
            signal.signal(ignore, signal.SIG_IGN)
    os.mkdir(d)
    p = subprocess.Popen(["assess", "--plugin", T + "/rude_hang.so",
                          "--no-isolate", "-o", d + "/out.json",
                          DATA + "/boom.ndjson"], cwd=d,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         preexec_fn=child)
    deadline = time.time() + 120
    while not writing_into(p.pid, d):
        if time.time() > deadline or p.poll() is not None:
            print("no temporary file appeared")
            break
        time.sleep(0.05)
    time.sleep(0.5)  # into the plugin's endless loop
    return p


def left(d):
    return " ".join(sorted(f for f in os.listdir(d) if not f.startswith("core"))) or "nothing"


for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"):
    sig = getattr(signal, name)
    d = os.path.join(TMP, name)
    p = start(d)
    p.send_signal(sig)
    rc = p.wait(120)
    how = "ended by " + signal.Signals(-rc).name if rc < 0 else "exit %d" % rc
    print("%s: %s; left: %s" % (name, how, left(d)))

d = os.path.join(TMP, "nohup")
p = start(d, ignore=signal.SIGHUP)
p.send_signal(signal.SIGHUP)
time.sleep(1)
print("SIGHUP ignored at start: %s" % ("still running" if p.poll() is None else "ended"))
p.send_signal(signal.SIGTERM)
rc = p.wait(120)
print("then SIGTERM: %s; left: %s" % ("ended by " + signal.Signals(-rc).name if rc < 0 else "exit %d" % rc, left(d)))
sys.exit(0)
