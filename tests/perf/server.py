"""The site as production serves it: gunicorn, two workers, DEBUG off, static
files collected and served by WhiteNoise, on a free port of 127.0.0.1, and
background work (notifications, search updates) queued in the database for a
`db_worker` beside it, as README's "Running at scale" says."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from .client import HOST, Connection, Request

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = 2
STARTUP_SECONDS = 90


def environment(**overrides):
    """The variables the server and the runner share: the runner signs sessions
    and list cursors the server must accept, so both get the same SECRET_KEY."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.perf.settings", "DEBUG": "0",
           "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "0",
           "STATIC_ROOT": str(ROOT / "var" / "perf" / "static"), "LOG_LEVEL": "WARNING",
           "TASKS_BACKEND": "database"}
    env.update(overrides)
    return env


def collect_static(env):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                   cwd=ROOT, env=env, check=True)


class Server:
    """`with Server(env) as server:` serves the site at server.port until the block ends."""

    def __init__(self, env, log):
        self.env, self.log = env, log
        self.port = _free_port()
        self.process = self.worker = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "community.wsgi:application",
             "--workers", str(WORKERS), "--bind", f"{HOST}:{self.port}",
             "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_until_up()
        return self

    @property
    def pids(self):
        """The processes serving the site: gunicorn (its workers are its children) and the worker."""
        return (self.process.pid, self.worker.pid)

    def __exit__(self, *exc):
        for process in (self.process, self.worker):
            process.terminate()
        for process in (self.process, self.worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _wait_until_up(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        probe = Connection(self.port)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start-up (exit {self.process.returncode}); "
                                 f"see {self.log.name}")
            if probe.send(Request("/perf/baseline/")).status == 200:
                probe.close()
                return
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer within {STARTUP_SECONDS} s; see {self.log.name}")


def _free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]
