# expect: ACCEPTED
# Searches its own heap for anything the judge may have left there: reference text,
# expected outputs, secrets, seeds.
import gc


def solve(a, b):
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            for key, value in list(obj.items()):
                if isinstance(key, str) and any(w in key.lower() for w in ("secret", "expected", "seed", "reference")):
                    print("HEAP", key, repr(value)[:200])
        elif isinstance(obj, str) and ("reference" in obj.lower() or "secret" in obj.lower()) and len(obj) < 2000:
            print("HEAP-STR", obj[:200])
    return a + b
