"""One search over threads, posts, ideas and practices."""
