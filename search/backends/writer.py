"""Writing a rebuild's batches from a thread of its own, so the database or the
cluster works on one batch while the next is read and built; neither waits for
the other, and a rebuild takes about as long as the slower of the two.

One batch is in flight at most: `put` returns once the batch before has been
written. Memory stays two batches, and whatever a rebuild's reader sees between
batches (it may write to the index itself) finds every batch but the last one
handed over already written.
"""

import queue
import threading


class Abandoned(Exception):
    """The reading side failed; the writer stops without finishing."""


class Writer:
    def __init__(self, write, name="search-index-writer"):
        """`write(batches)` runs in the thread, given an iterator over the
        batches handed over; it ends when they are done, or raises Abandoned."""
        self._write = write
        self._batches = queue.Queue(maxsize=1)
        self._error = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def write_all(self, batches, progress=None, built=lambda batch: batch):
        """Hand over every batch, `built` first, telling `progress` the documents
        done so far; stop the thread if reading fails. Returns how many."""
        done = 0
        try:
            for batch in batches:
                self.put(built(batch))
                done += len(batch)
                if progress:
                    progress(done)
        except BaseException:
            self.abandon()
            raise
        self.finish()
        return done

    def put(self, batch):
        self._wait()
        self._batches.put(batch)

    def finish(self):
        """Wait for the last batch; raise what went wrong in the thread."""
        self._wait()
        self._batches.put(_DONE)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abandon(self):
        """Stop the writer without finishing (the reading side failed)."""
        if self._error is None:
            try:
                self._wait()
            except BaseException:  # noqa: BLE001 - the reader's own failure is the one to tell
                pass
            else:
                self._batches.put(_ABANDONED)
        self._thread.join()

    def _wait(self):
        # The batch before is written, or the writer has failed (then nothing waits).
        while self._error is None and self._batches.unfinished_tasks:
            with self._batches.all_tasks_done:
                self._batches.all_tasks_done.wait(timeout=0.5)
        if self._error is not None and not isinstance(self._error, Abandoned):
            raise self._error

    def _run(self):
        try:
            self._write(self._taken())
        except BaseException as error:  # noqa: BLE001 - raised again in the reading thread
            self._error = error

    def _taken(self):
        while True:
            batch = self._batches.get()
            if batch is _DONE:
                self._batches.task_done()
                return
            if batch is _ABANDONED:
                self._batches.task_done()
                raise Abandoned
            try:
                yield batch
            finally:
                # Written (the generator is resumed only after): the reader may go on.
                self._batches.task_done()


_DONE = object()
_ABANDONED = object()
