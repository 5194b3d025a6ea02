"""TensorDojo's judge: loads problems, runs submissions in a sandbox, decides verdicts.

This package never imports the web app (`app/`): it runs alone on GPU hosts and
from the command line (`python -m runner`).
"""
