"""`python -m runner …`: the judge's command line without the web stack."""

from runner.cli import main

if __name__ == "__main__":
    main()
