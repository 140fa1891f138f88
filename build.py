"""`python build.py …` is the same command line as the `sitegen` console script."""

from sitegen.cli import main

if __name__ == "__main__":
    main()
