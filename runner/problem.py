"""The schema of `problem.yaml` and its loader, whose errors name file, key and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from runner.conventions import CHECKER, GENERATOR, REFERENCE, per_function, seed_from_name
from runner.errors import ProblemFormatError

M = TypeVar("M", bound=BaseModel)

Language = Literal["pytorch", "triton", "python"]
Target = Literal["pytorch-cpu", "pytorch-cuda", "triton-cpu", "triton-cuda", "python-cpu", "python-cuda"]
DEFAULT_MAX_SLOWDOWN = 4.0  # applies when performance.max_slowdown_vs_reference is absent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tolerance(_Strict):
    atol: float = Field(1e-5, ge=0)
    rtol: float = Field(1e-5, ge=0)


class TestCase(_Strict):
    """One call (or, for modules, one construction + forward) with generated inputs."""

    name: str
    seed: int | None = None  # None: derived from the name; hidden tests mix it with the install secret
    params: dict[str, Any] = Field(default_factory=dict)  # keyword arguments of generate()
    init: dict[str, Any] | None = None  # module kind: constructor keyword arguments
    raises: str | None = None  # the exception the user's code must raise
    tolerance: Tolerance | None = None  # overrides the problem's
    targets: list[Target] | None = None  # where this test runs; None = everywhere
    timed: bool = False  # timed against the reference on Submit

    @model_validator(mode="after")
    def _seed(self) -> TestCase:
        if self.seed is None:
            self.seed = seed_from_name(self.name)
        return self

    @property
    def base_seed(self) -> int:
        """The seed as given, or derived from the name (never None once validated)."""
        assert self.seed is not None
        return self.seed

    def runs_on(self, target: str) -> bool:
        return self.targets is None or target in self.targets


class Limits(_Strict):
    wall_seconds: float = Field(60.0, gt=0)  # the whole submission
    memory_mb: int = Field(4096, gt=0)  # the whole process


class Performance(_Strict):
    # TOO_SLOW above this user/reference ratio; one number, or one per device (cpu, cuda)
    max_slowdown_vs_reference: float | dict[Literal["cpu", "cuda"], float] = DEFAULT_MAX_SLOWDOWN
    max_extra_memory_mb: float | None = Field(None, gt=0)  # peak of one call beyond its inputs
    gpu_ms: dict[str, float] = Field(default_factory=dict)  # absolute limits per GPU name

    @model_validator(mode="after")
    def _positive(self) -> Performance:
        limits = self.max_slowdown_vs_reference
        values = limits.values() if isinstance(limits, dict) else [limits]
        if any(v <= 0 for v in values):
            raise ValueError("max_slowdown_vs_reference must be positive")
        return self

    def slowdown_limit(self, device: str) -> float:
        """The ratio in force on a device (the default where a device is not named)."""
        limits = self.max_slowdown_vs_reference
        return limits.get(device, DEFAULT_MAX_SLOWDOWN) if isinstance(limits, dict) else limits


class FunctionSpec(_Strict):
    """Multi kind: one of the named functions the user defines."""

    name: str
    signature: list[str]
    tolerance: Tolerance | None = None
    examples: list[TestCase] = Field(default_factory=list)
    tests: list[TestCase] = Field(default_factory=list)


class ModuleSpec(_Strict):
    class_name: str  # the nn.Module subclass the user defines
    reference: str  # the class in reference.py
    signature: list[str]  # forward's parameter names
    check_buffers: list[str] = Field(default_factory=list)  # buffer values checked at construction (patterns)
    check_parameters: list[str] = Field(default_factory=list)  # parameter values checked at construction
    gradients: bool = False  # also compare input and parameter gradients


class Requirement(_Strict):
    """Another function the learner defines, which the problem's driver calls."""

    name: str
    signature: list[str]


class ProblemSpec(_Strict):
    title: str
    difficulty: Literal["easy", "medium", "hard"]
    topics: list[str] = Field(min_length=1)
    languages: list[Language] = Field(min_length=1)
    kind: Literal["function", "module", "multi"]
    entry_point: str | None = None  # function kind
    signature: list[str] | None = None  # function kind
    module: ModuleSpec | None = None  # module kind
    functions: list[FunctionSpec] | None = None  # multi kind
    tolerance: Tolerance = Field(default_factory=Tolerance)
    no_autograd: bool = False
    forbidden: list[str] = Field(default_factory=list)
    # more APIs forbidden in one language (the PyTorch op a Triton solution must write as a kernel)
    forbidden_in: dict[Language, list[str]] = Field(default_factory=dict)
    forbidden_modules: list[str] = Field(default_factory=list)  # the submission may not import these
    driver: str | None = None  # a function in driver.py that runs each call (function and module kinds)
    requires: list[Requirement] = Field(default_factory=list)  # more functions the driver calls
    examples: list[TestCase] = Field(default_factory=list)
    tests: list[TestCase] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)
    performance: Performance = Field(default_factory=Performance)

    @model_validator(mode="after")
    def _kind_fields(self) -> ProblemSpec:
        needed = {
            "function": ("entry_point", "signature"),
            "module": ("module",),
            "multi": ("functions",),
        }[self.kind]
        for key in needed:
            if getattr(self, key) is None:
                raise ValueError(f"kind {self.kind!r} needs the key {key!r}")
        if self.kind == "multi" and (self.examples or self.tests):
            raise ValueError("kind 'multi' keeps examples and tests under each function")
        if self.kind != "multi" and not self.tests:
            raise ValueError("at least one hidden test is needed under 'tests'")
        if self.driver is not None:
            if self.kind == "multi":
                raise ValueError("a driver runs the call of a function or module kind, not the multi kind")
            if "triton" in self.languages:
                raise ValueError("a problem with a driver cannot offer triton (nothing passes out= to a driver)")
            if self.module is not None and self.module.gradients:
                raise ValueError("module.gradients needs forward to be called directly: leave out the driver")
        if self.requires and self.driver is None:
            raise ValueError("'requires' names functions a driver calls: set 'driver' too")
        return self

    def forbidden_for(self, language: str) -> list[str]:
        return [*self.forbidden, *self.forbidden_in.get(language, [])]  # type: ignore[call-overload]

    def entries(self) -> list[Entry]:
        """The units judged separately: one, or one per function for the multi kind."""
        if self.kind == "multi":
            assert self.functions is not None
            return [
                Entry(
                    name=f.name,
                    signature=f.signature,
                    tolerance=f.tolerance or self.tolerance,
                    examples=f.examples,
                    tests=f.tests,
                    generator=per_function(f.name, GENERATOR),
                    reference=per_function(f.name, REFERENCE),
                    check=per_function(f.name, CHECKER),
                )
                for f in self.functions
            ]
        if self.kind == "module":
            assert self.module is not None
            name, signature, ref = self.module.class_name, self.module.signature, self.module.reference
        else:
            assert self.entry_point is not None and self.signature is not None
            name, signature, ref = self.entry_point, self.signature, REFERENCE
        return [
            Entry(
                name=name,
                signature=signature,
                tolerance=self.tolerance,
                examples=self.examples,
                tests=self.tests,
                generator=GENERATOR,
                reference=ref,
                check=CHECKER,
            )
        ]


@dataclass(frozen=True)
class Entry:
    """A name the user must define, with its tests and the reference's names for it."""

    name: str  # function or class the user defines
    signature: list[str]  # keyword names of the call
    tolerance: Tolerance
    examples: list[TestCase]
    tests: list[TestCase]
    generator: str  # input generator in reference.py
    reference: str  # reference function (or class, module kind) in reference.py
    check: str  # optional custom checker in reference.py


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:
                key = next((k for k, _ in node.value if k.value == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = child
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def load_yaml_model(path: Path, model: type[M], error: type[Exception]) -> tuple[M, yaml.Node | None]:
    """Parse and validate one YAML file against `model` (the bank's problem.yaml and
    round files); every error, raised as `error`, names the file, the key and the line.
    Also returns the YAML tree, for later errors that point at a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise error(f"{path}: cannot read: {reason}") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise error(f"{path}{where}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise error(f"{path}:1: expected a mapping of keys at the top level")
    try:
        return model.model_validate(data), root
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-after")))
            key = ".".join(str(p) for p in loc) or "(top level)"
            lines.append(f"{where_in(path, root, loc)}: key '{key}': {err['msg']}")
        raise error("\n".join(lines)) from None


def where_in(path: Path, root: yaml.Node | None, loc: tuple[int | str, ...]) -> str:
    """`path:line` of the key at `loc`, or the path alone where the line is unknown."""
    line = line_of(root, loc)
    return f"{path}:{line}" if line else str(path)


def load_spec(path: Path) -> ProblemSpec:
    """Parse and validate one problem.yaml; every error names file, key and line."""
    return load_yaml_model(path, ProblemSpec, ProblemFormatError)[0]


def _restated(data: Any, model: type[BaseModel], loc: tuple[int | str, ...]) -> list[tuple[int | str, ...]]:
    """Locations in raw YAML data whose value equals the schema's default."""
    found: list[tuple[int | str, ...]] = []
    if not isinstance(data, dict):
        return found
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value, here = data[name], (*loc, name)
        if not info.is_required():
            default = info.get_default(call_default_factory=True)
            if isinstance(default, BaseModel):
                default = default.model_dump()
            if value == default and not (isinstance(value, bool) and value is not default):
                found.append(here)
                continue
        inner = [a for a in getattr(info.annotation, "__args__", (info.annotation,)) if isinstance(a, type)]
        for sub in (a for a in inner if issubclass(a, BaseModel)):
            found += _restated(value, sub, here)
        item = _list_item_model(info.annotation)
        if item is not None and isinstance(value, list):
            for i, element in enumerate(value):
                found += _restated(element, item, (*here, i))
    return found


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    """`TestCase` for `list[TestCase]` and `list[TestCase] | None`."""
    candidates = getattr(annotation, "__args__", ())
    for candidate in (annotation, *candidates):
        args = getattr(candidate, "__args__", ())
        is_list = getattr(candidate, "__origin__", None) is list
        if is_list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return args[0]
    return None


def restated_defaults(path: Path) -> list[str]:
    """Keys of a valid problem.yaml that only repeat the schema's default value: each
    one is noise a new problem would copy (`problems validate` refuses them)."""
    text = path.read_text(encoding="utf-8")
    root, data = yaml.compose(text), yaml.safe_load(text)
    lines = []
    for loc in _restated(data, ProblemSpec, ()):
        line = line_of(root, loc)
        key = ".".join(str(p) for p in loc)
        lines.append(f"{path}{f':{line}' if line else ''}: key '{key}' restates the default; leave it out")
    return lines
