"""The load client: threads, each with its own keep-alive connection to the
server on 127.0.0.1, sending requests for a bounded time and count and timing
every answer."""

import http.client
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

HOST = "127.0.0.1"
TIMEOUT = 60


@dataclass(frozen=True)
class Request:
    path: str
    method: str = "GET"
    body: bytes = b""
    headers: tuple = ()  # (name, value) pairs
    label: str = ""  # to tell requests of one measurement apart (a search query)


@dataclass
class Answer:
    status: int  # 0: no answer (connection error or timeout)
    seconds: float
    label: str = ""
    cache_hit: bool | None = None  # None: no cache header to tell
    # Kept only when asked for: a run makes hundreds of thousands of answers.
    headers: list = field(default_factory=list)
    body: bytes = b""


@dataclass
class Measurement:
    answers: list
    seconds: float
    concurrency: int
    cpu: object = None  # cpu.Usage of the timed part, when measured

    def of(self, label):
        return Measurement([a for a in self.answers if a.label == label], self.seconds,
                           self.concurrency)

    @property
    def count(self):
        return len(self.answers)

    @property
    def per_second(self):
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p):
        """The `p`th percentile of the answers' times, in milliseconds (nearest rank)."""
        times = sorted(a.seconds for a in self.answers)
        if not times:
            return 0.0
        rank = max(1, -(-len(times) * p // 100))
        return times[int(rank) - 1] * 1000

    @property
    def statuses(self):
        counts = {}
        for answer in self.answers:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return counts

    @property
    def cache_hits(self):
        """The share of answers a cache header called hits, or None without such headers."""
        told = [a.cache_hit for a in self.answers if a.cache_hit is not None]
        return sum(told) / len(told) if told else None


class Connection:
    """One keep-alive connection, reopened after an error."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def send(self, request, keep=False):
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
            self.conn.request(request.method, request.path, body=request.body or None,
                              headers={"Host": f"{HOST}:{self.port}", **dict(request.headers)})
            response = self.conn.getresponse()
            body = response.read()
            headers = response.getheaders()
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
            return Answer(0, time.perf_counter() - started, request.label)
        return Answer(response.status, time.perf_counter() - started, request.label,
                      _cache_hit(headers), headers if keep else [], body if keep else b"")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _cache_hit(headers):
    """Whether a cache header (X-Cache, X-Cache-Status...) says hit; None without one."""
    for name, value in headers:
        name = name.lower()
        if "cache" in name and name not in ("cache-control", "vary"):
            return "hit" in value.lower()
    return None


def cookies_of(answer):
    jar = SimpleCookie()
    for name, value in answer.headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {key: morsel.value for key, morsel in jar.items()}


def measure(port, requests, *, concurrency, seconds, most=100_000, warm=True, complete=False,
            meter=None):
    """Send `requests`, in turn, from `concurrency` clients for `seconds` or
    `most` requests in all, whichever comes first; with `complete`, past
    `seconds` until each request was sent at least once. With `warm`, each
    distinct request is sent once beforehand, unmeasured, so caches are filled
    as they would be on a live site. A `meter` (cpu.Meter) reads the processor
    time of the measured part alone."""
    if warm:
        warming = Connection(port)
        for request in list(dict.fromkeys(requests))[:100]:
            warming.send(request)
        warming.close()
    answers, lock = [], threading.Lock()
    sent = [0]
    deadline = time.perf_counter() + seconds

    def turn():
        with lock:
            n = sent[0]
            over = time.perf_counter() >= deadline and not (complete and n < len(requests))
            if over or n >= most:
                return None
            sent[0] += 1
            return requests[n % len(requests)]

    def client(_n):
        connection, mine = Connection(port), []
        while (request := turn()) is not None:
            mine.append(connection.send(request))
        connection.close()
        with lock:
            answers.extend(mine)

    with meter or nullcontext():
        took = _in_threads(client, range(concurrency))
    return Measurement(answers, took, concurrency, meter.usage if meter else None)


def run_clients(work, concurrency):
    """Run `work(n)` for n in range(concurrency), all at once; returns the seconds they took."""
    return _in_threads(work, range(concurrency))


def _in_threads(work, arguments):
    threads = [threading.Thread(target=work, args=(argument,)) for argument in arguments]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started
