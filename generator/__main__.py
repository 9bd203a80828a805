import os
import sys

from .cli import main

code = main()
# Everything is written and closed by now. What is left is the enriched archive, millions of
# small objects that the interpreter would free one by one on the way out: half a second of
# every build at 10,000 articles, for memory the system takes back at once anyway.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
