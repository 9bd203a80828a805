import os
import sys

from .cli import main

code = main()
# Everything is written and closed by now. What is left is the enriched archive, millions of
# small objects that the interpreter would free one by one on the way out, a cost that grows
# with the archive, for memory the system takes back at once anyway.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
