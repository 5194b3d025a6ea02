"""The child side of judging: runs inside the sandbox, next to the user's code.

`serve` answers the judge's requests (`protocol`), `session` holds the user's code
and objects, `integrity` watches what the numbers rest on, `results` shapes replies.
"""
