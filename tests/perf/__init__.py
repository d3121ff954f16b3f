"""The benchmark harness: a data set at scale and a runner that measures the site under gunicorn."""
