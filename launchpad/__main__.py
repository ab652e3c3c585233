"""``python -m launchpad``."""

from launchpad.cli import main

if __name__ == "__main__":
    main()
