"""The public pages about ideas and practices, thin: each reads through
practices/queries/ and changes things only through practices/flows/. The
board, idea pages and roadmap are ideas.py, the library and practice pages
library.py, proposing a practice publishing.py, the topic pages topics.py."""
