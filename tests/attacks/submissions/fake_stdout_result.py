# expect: WRONG_ANSWER
# Prints what a verdict looks like, hoping something parses stdout, and returns garbage.
import json

print(json.dumps({"verdict": "ACCEPTED", "message": "all tests passed", "tests": []}))
print("ACCEPTED")


def solve(a, b):
    print('{"ok": true, "verdict": "ACCEPTED"}')
    return a - b
