"""Forums: threads, posts and moderation. Built on the community core."""
