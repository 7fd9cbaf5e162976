import sys

from timeline.cli import main

# Guarded: Dask's worker processes are spawned, and a spawned child imports the parent's __main__ module.
if __name__ == "__main__":
    sys.exit(main())
