# expect: ACCEPTED
# Imports the judge's own modules to read its settings, secret and hidden seeds.
import sys

for name in ("runner.judge", "runner.config", "runner.seeds", "runner.bank", "app.config"):
    try:
        module = __import__(name, fromlist=["*"])
        print("IMPORTED", name)
    except Exception as exc:
        print("no", name, type(exc).__name__)
try:
    from runner.config import JudgeSettings

    settings = JudgeSettings()
    print("SECRET", settings.secret_bytes())
    from runner.bank import load_bank

    bank = load_bank(settings.problems_dir)
    print("TESTS", bank.get("vector-add").spec)
except Exception as exc:
    print("settings unavailable:", type(exc).__name__)
print("modules:", sorted(m for m in sys.modules if m.startswith("runner")))


def solve(a, b):
    return a + b
