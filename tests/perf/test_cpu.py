"""The benchmark's processor-time meter: work done by the server's processes is
put down to the site, work done by the load client to the client, so the
report's cost per request is the server's and not the client's."""

import subprocess
import sys
import time

import pytest

from tests.perf import cpu

pytestmark = pytest.mark.skipif(not cpu.available(), reason="needs Linux's /proc")

SPIN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"


def _spin_here(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_server_process_and_its_children_count_as_the_site():
    # The parent waits for a child that spins, as gunicorn does for its workers,
    # then says so and stays up while the meter reads.
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        f"subprocess.run([sys.executable, '-c', {SPIN.format(seconds=0.4)!r}])\n"
        "print('done', flush=True)\n"
        "time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        with cpu.Meter([parent.pid]) as meter:
            assert parent.stdout.readline() == "done\n"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
    assert meter.usage.seconds["site"] >= 0.3
    assert meter.usage.seconds["client"] < 0.2


def test_the_load_clients_own_work_counts_as_the_client():
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        with cpu.Meter([idle.pid]) as meter:
            _spin_here(0.3)
    finally:
        idle.kill()
        idle.wait()
    assert meter.usage.seconds["client"] >= 0.25
    assert meter.usage.seconds["site"] < 0.1
    per_request = meter.usage.per_request(100)
    assert per_request["client"] == pytest.approx(meter.usage.seconds["client"] * 10)
